package io.fxg.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.environment.TargetEnvironment;
import io.fxg.environment.TargetProblem;
import io.fxg.httpsig.MessageVerifier;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.httpsig.Verification;
import io.fxg.serialization.Json;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * In front of everything an {@link McpToolServer} serves: the body is read within {@link
 * #MAX_BODY_BYTES} (413 beyond), the request must carry the gateway's RFC 9421 signature (401
 * naming the failed check otherwise, as the fxg target contract does), and a {@code
 * notifications/cancelled} is noted in {@link Cancellations} before the SDK sees it.
 */
final class GatewayRequestFilter implements Filter {
  static final int MAX_BODY_BYTES = TargetEnvironment.MAX_BODY_BYTES;

  private final MessageVerifier signatures;
  private final Cancellations cancellations;

  GatewayRequestFilter(MessageVerifier signatures, Cancellations cancellations) {
    this.signatures = signatures;
    this.cancellations = cancellations;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      problem(response, 413, "too-large", "body exceeds " + MAX_BODY_BYTES + " bytes");
      return;
    }
    Map<String, List<String>> headers = new HashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    SignedRequestView view = SignedRequestView.of(request.getMethod(), request.getRequestURI(), request.getQueryString(),
        headers, body);
    if (signatures.verify(view) instanceof Verification.Refused refused) {
      response.setHeader("WWW-Authenticate", "Signature");
      problem(response, 401, refused.check(), refused.detail());
      return;
    }
    noteCancellation(body);
    chain.doFilter(new Buffered(request, body), response);
  }

  private void noteCancellation(byte[] body) {
    if (body.length == 0) {
      return;
    }
    try {
      JsonNode message = Json.parse(body);
      if ("notifications/cancelled".equals(message.path("method").asText())) {
        JsonNode params = message.path("params");
        cancellations.cancelled(params.path("requestId").asText(), params.path("reason").asText(""));
      }
    } catch (IOException e) {
      // Not JSON: the SDK answers it with a parse error.
    }
  }

  /** Answers the target contract's problem ({@link TargetProblem}). */
  static void problem(HttpServletResponse response, int status, String check, String detail) throws IOException {
    response.setStatus(status);
    response.setContentType(TargetProblem.MEDIA_TYPE);
    response.getOutputStream().write(Json.writeBytes(TargetProblem.of(status, check, detail)));
  }

  /** The request with its body already read. */
  private static final class Buffered extends HttpServletRequestWrapper {
    private final byte[] body;

    Buffered(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body is already buffered");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}

package io.fxg.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders RFC 9457 problem responses; never a stack trace. */
public final class Problems {
  static final ContentType PROBLEM_JSON =
      MediaTypes.applicationWithFixedCharset("problem+json", org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8).toContentType();
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  public static HttpResponse of(ProblemException problem) {
    ObjectNode body = Json.object();
    body.put("type", "urn:fxg:problem:" + problem.type());
    body.put("title", StatusCodes.get(problem.status()).reason());
    body.put("status", problem.status());
    body.put("detail", problem.getMessage());
    if (problem.field() != null) {
      body.put("field", problem.field());
    }
    HttpResponse response = HttpResponse.create()
        .withStatus(problem.status())
        .withEntity(PROBLEM_JSON, Json.writeBytes(body));
    if (problem.status() == 401) {
      response = response.addHeader(RawHeader.create("WWW-Authenticate", "Signature"));
    }
    if (problem.status() == 429 || problem.status() == 503) {
      response = response.addHeader(RawHeader.create("Retry-After", "1"));
    }
    return response;
  }

  /** Maps any failure of a request's processing to a problem response. */
  public static HttpResponse fromThrowable(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof ProblemException problem) {
      return of(problem);
    }
    if (cause instanceof EntityStreamSizeException) {
      return of(new ProblemException(413, "body-too-large", "the request body exceeds the limit of fxg.http.max-body"));
    }
    if (cause instanceof TimeoutException || cause instanceof org.apache.pekko.pattern.AskTimeoutException) {
      return of(new ProblemException(503, "unavailable", "the gateway did not answer in time; retry with the same Idempotency-Key"));
    }
    LOG.error("request failed", cause);
    return of(new ProblemException(500, "internal", "internal error; see the node's log"));
  }

  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  static HttpResponse json(int status, Object body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, Json.writeBytes(body));
  }
}

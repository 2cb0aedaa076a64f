package io.fxg.httpsig;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a signature covers of one HTTP request, independent of the HTTP library that carried it.
 *
 * <p>{@code path} and {@code query} are the raw (still percent-encoded) forms from the request
 * target; {@code query} is null when the URL has no {@code ?}. Header names are lowercased on
 * construction and each name keeps its values in message order. {@code scheme} and {@code
 * authority} may be null when the transport does not know them; components that need them are then
 * absent. The body array is not copied: callers must not change it afterwards.
 */
public record SignedRequestView(
    String method,
    String scheme,
    String authority,
    String path,
    String query,
    Map<String, List<String>> headers,
    byte[] body) {

  public SignedRequestView {
    if (method == null || method.isEmpty()) {
      throw new IllegalArgumentException("method is required");
    }
    if (path == null) {
      throw new IllegalArgumentException("path is required");
    }
    headers = lowercased(headers);
    body = body == null ? new byte[0] : body;
  }

  /** A view whose authority comes from the {@code Host} header, as a server sees the request. */
  public static SignedRequestView of(
      String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    Map<String, List<String>> lower = lowercased(headers);
    List<String> host = lower.get("host");
    String authority = host == null || host.isEmpty() ? null : host.get(0).trim();
    return new SignedRequestView(method, null, authority, path, query, lower, body);
  }

  /** A view of a request to an absolute URI, as a client sees it before sending. */
  public static SignedRequestView of(
      String method, URI uri, Map<String, List<String>> headers, byte[] body) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new SignedRequestView(
        method, uri.getScheme(), uri.getRawAuthority(), path, uri.getRawQuery(), headers, body);
  }

  /** The same request with one header set to a single value (replacing earlier values). */
  public SignedRequestView withHeader(String name, String value) {
    Map<String, List<String>> copy = new TreeMap<>(headers);
    copy.put(name.toLowerCase(Locale.ROOT), List.of(value));
    return new SignedRequestView(method, scheme, authority, path, query, copy, body);
  }

  /**
   * The combined value of a header field as RFC 9421 section 2.1 defines it: every value stripped
   * of surrounding whitespace, obsolete line folding replaced by a space, joined with {@code ", "};
   * null when the field is absent.
   */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    if (values == null || values.isEmpty()) {
      return null;
    }
    List<String> cleaned = new ArrayList<>(values.size());
    for (String value : values) {
      cleaned.add(value.replaceAll("\\r?\\n[ \\t]+", " ").strip());
    }
    return String.join(", ", cleaned);
  }

  public boolean hasBody() {
    return body.length > 0;
  }

  private static Map<String, List<String>> lowercased(Map<String, List<String>> headers) {
    Map<String, List<String>> lower = new TreeMap<>();
    if (headers != null) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey() == null || entry.getValue() == null) {
          continue;
        }
        lower
            .computeIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
            .addAll(entry.getValue());
      }
    }
    lower.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(lower);
  }
}

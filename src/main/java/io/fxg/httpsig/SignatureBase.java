package io.fxg.httpsig;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the RFC 9421 section 2.5 signature base: one {@code "name": value} line per covered
 * component in the order of the {@code Signature-Input}, then the {@code "@signature-params"} line,
 * joined by LF with no trailing newline. Supported derived components: {@code @method}, {@code
 * @target-uri}, {@code @authority}, {@code @scheme}, {@code @request-target}, {@code @path} and
 * {@code @query}; every other name is an HTTP field of the request.
 */
public final class SignatureBase {
  /** The derived components this implementation can put into a base. */
  public static final Set<String> DERIVED_COMPONENTS =
      Set.of(
          "@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query");

  private SignatureBase() {}

  /** The signature base as bytes (UTF-8; every valid component value is ASCII). */
  public static byte[] bytes(SignedRequestView request, SignatureInput input)
      throws HttpSignatureException {
    return build(request, input).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The signature base text.
   *
   * @throws HttpSignatureException {@link SignatureFailure#MISSING_COMPONENT} when a covered
   *     component has no value in this request
   */
  public static String build(SignedRequestView request, SignatureInput input)
      throws HttpSignatureException {
    StringBuilder base = new StringBuilder(256);
    for (String component : input.components()) {
      String value = componentValue(request, component);
      base.append('"').append(component).append("\": ").append(value).append('\n');
    }
    return base.append("\"@signature-params\": ").append(input.serializeValue()).toString();
  }

  /** The value of one component in this request (RFC 9421 sections 2.1 and 2.2). */
  public static String componentValue(SignedRequestView request, String component)
      throws HttpSignatureException {
    String value =
        component.startsWith("@") ? derived(request, component) : request.header(component);
    if (value == null) {
      throw new HttpSignatureException(
          SignatureFailure.MISSING_COMPONENT,
          "covered component \"" + component + "\" is not present in the request");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new HttpSignatureException(
          SignatureFailure.MISSING_COMPONENT,
          "covered component \"" + component + "\" contains a line break");
    }
    return value;
  }

  private static String derived(SignedRequestView request, String component)
      throws HttpSignatureException {
    switch (component) {
      case "@method":
        return request.method();
      case "@path":
        return request.path().isEmpty() ? "/" : request.path();
      case "@query":
        // RFC 9421 section 2.2.7: an absent query is the lone "?".
        return "?" + (request.query() == null ? "" : request.query());
      case "@request-target":
        return pathAndQuery(request);
      case "@scheme":
        return request.scheme() == null ? null : request.scheme().toLowerCase(Locale.ROOT);
      case "@authority":
        return authority(request);
      case "@target-uri":
        String authority = authority(request);
        if (request.scheme() == null || authority == null) {
          return null;
        }
        return request.scheme().toLowerCase(Locale.ROOT)
            + "://"
            + authority
            + pathAndQuery(request);
      default:
        throw new HttpSignatureException(
            SignatureFailure.MALFORMED_SIGNATURE_INPUT,
            "derived component \"" + component + "\" is not supported");
    }
  }

  private static String pathAndQuery(SignedRequestView request) {
    String path = request.path().isEmpty() ? "/" : request.path();
    return request.query() == null ? path : path + "?" + request.query();
  }

  /** Host in lowercase, default port dropped (RFC 9421 section 2.2.3, RFC 9110 section 4.2.3). */
  private static String authority(SignedRequestView request) {
    if (request.authority() == null || request.authority().isEmpty()) {
      return null;
    }
    String authority = request.authority().toLowerCase(Locale.ROOT);
    String scheme = request.scheme() == null ? "" : request.scheme().toLowerCase(Locale.ROOT);
    if ((scheme.equals("http") && authority.endsWith(":80"))
        || (scheme.equals("https") && authority.endsWith(":443"))) {
      return authority.substring(0, authority.lastIndexOf(':'));
    }
    return authority;
  }
}

package io.fxg.httpsig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header fields {@link MessageSigner} adds to a request. {@code contentDigest} is null for a
 * request without body.
 */
public record SignatureHeaders(String contentDigest, String signatureInput, String signature) {

  /** The fields by their canonical names, in the order they should be sent. */
  public Map<String, String> asMap() {
    Map<String, String> headers = new LinkedHashMap<>();
    if (contentDigest != null) {
      headers.put("Content-Digest", contentDigest);
    }
    headers.put("Signature-Input", signatureInput);
    headers.put("Signature", signature);
    return Collections.unmodifiableMap(headers);
  }
}

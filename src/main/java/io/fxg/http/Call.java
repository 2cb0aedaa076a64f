package io.fxg.http;

import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/** One request as routes see it: strict body (within the size limit) and its verified signer. */
public record Call(HttpRequest request, byte[] body, Optional<Authenticated> signer) {

  /** The signer, or 401 when the request carried no signature. */
  public Authenticated requireSigner() {
    return signer.orElseThrow(() -> new ProblemException(401, "signature.missing-signature",
        "this request must carry an RFC 9421 signature (Signature-Input and Signature)"));
  }

  public Authenticated requireAdmin() {
    Authenticated who = requireSigner();
    if (!who.isAdmin()) {
      throw new ProblemException(403, "forbidden", "only admin keys may call this endpoint");
    }
    return who;
  }

  public Optional<String> header(String name) {
    return request.getHeader(name).map(h -> h.value());
  }
}

package io.fxg.http;

/**
 * Who may read an execution, its lineage and proof: the caller's domain, the target's domain and
 * admins (signed), or anyone when {@code fxg.http.public-read} is on.
 */
final class ReadAccess {
  private ReadAccess() {}

  static void check(Call call, HttpSettings settings, String callerDomain, String targetDomain) {
    if (settings.publicRead()) {
      return;
    }
    Authenticated signer = call.requireSigner();
    if (!signer.isAdmin() && !signer.domain().equals(callerDomain) && !signer.domain().equals(targetDomain)) {
      throw new ProblemException(403, "forbidden", "only the caller's domain, the target's domain and admins may read this");
    }
  }
}

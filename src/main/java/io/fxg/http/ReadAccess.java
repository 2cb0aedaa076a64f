package io.fxg.http;

/**
 * Who may read an execution, its lineage and proof: the caller's domain, the target's domain,
 * admins, and the peer gateway on the other side of its cross-gateway link (signed), or anyone when
 * {@code fxg.http.public-read} is on.
 */
final class ReadAccess {
  private ReadAccess() {}

  static void check(Call call, HttpSettings settings, io.fxg.execution.ExecutionView view) {
    if (settings.publicRead()) {
      return;
    }
    Authenticated signer = call.requireSigner();
    // A forwarded execution's caller domain is the origin's: a domain of that name here is no relation.
    boolean forwardedHere = view.peer() != null && "parent".equals(view.peer().role());
    String callerDomain = forwardedHere ? null : view.caller().domain();
    String targetDomain = view.target().domain();
    boolean linkedPeer = signer.isGateway() && view.peer() != null && view.peer().name().equals(signer.name());
    if (!signer.isAdmin() && !linkedPeer && !signer.domain().equals(callerDomain) && !signer.domain().equals(targetDomain)) {
      throw new ProblemException(403, "forbidden", "only the caller's domain, the target's domain and admins may read this");
    }
  }
}

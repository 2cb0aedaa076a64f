package io.fxg.federation;

import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.IssuedArtifact;
import io.fxg.execution.TrustActivation;
import io.fxg.execution.TrustVerdict;
import io.fxg.identity.PeerSnapshot;
import io.fxg.serialization.Json;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Phase 4 for an execution forwarded to a peer (SPEC section 13): the target is attested by the
 * peer, which governs it and runs its own phase 4 before anything is dispatched there; here trust
 * is bound to the peer's registration (its document digest is the evidence) and refused, {@code
 * trust.revoked}, once the peer is removed. Other executions go to {@code local}.
 */
public final class PeerTrust implements TrustActivation {
  private final TrustActivation local;
  private final PeerClient peers;

  public PeerTrust(TrustActivation local, PeerClient peers) {
    this.local = local;
    this.peers = peers;
  }

  @Override
  public CompletionStage<TrustVerdict> activate(ExecutionIntent intent, IssuedArtifact artifact,
      GovernanceVerdict.Permit permit) {
    if (intent.forwardedTo() == null) {
      return local.activate(intent, artifact, permit);
    }
    return CompletableFuture.completedFuture(verdict(intent.forwardedTo()));
  }

  @Override
  public Optional<TrustVerdict.Activated> cachedActivation(ExecutionIntent intent, GovernanceVerdict.Permit permit) {
    if (intent.forwardedTo() == null) {
      return local.cachedActivation(intent, permit);
    }
    return verdict(intent.forwardedTo()) instanceof TrustVerdict.Activated a ? Optional.of(a) : Optional.empty();
  }

  private TrustVerdict verdict(String name) {
    Optional<PeerSnapshot> peer = peers.peer(name);
    if (peer.isEmpty()) {
      return new TrustVerdict.Refused("trust.revoked", "peer gateway " + name + " is not registered (or was removed)");
    }
    return new TrustVerdict.Activated(peer.get().document().digest(), 0,
        Json.object().put("peer", name).put("peerSeq", peer.get().seq()));
  }
}

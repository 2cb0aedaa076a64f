package io.fxg.execution;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Everything an {@link Execution} calls out to, injected once per node by {@code io.fxg.cluster}.
 *
 * @param node this node's address ({@code host:port}), written into every lineage record
 * @param observer told about live executions, for supervisors and the read model
 * @param proofs whether the log already covers a record (recovery of unproven finished executions)
 * @param peers the other side of cross-gateway links (SPEC section 13)
 */
public record ExecutionServices(
    Governance governance,
    Authorization authorization,
    TrustActivation trust,
    TargetDispatch dispatch,
    ExecutionObserver observer,
    Clock clock,
    String node,
    Duration maxDuration,
    ProofLookup proofs,
    PeerLinks peers) {

  /**
   * Seams that refuse everything: the only non-test implementation allowed until a real one is
   * wired. Governance denies, so nothing is ever dispatched.
   */
  public static ExecutionServices failClosed(Clock clock, String node) {
    return new ExecutionServices(
        intent ->
            CompletableFuture.completedFuture(
                new GovernanceVerdict.Deny(
                    "governance.unavailable", "no governance is configured on this node", -1, null)),
        (intent, permit, now) -> {
          throw new Authorization.AuthorizationRefused(
              "authorization.unavailable", "no artifact issuer is configured on this node");
        },
        (intent, artifact, permit) ->
            CompletableFuture.completedFuture(
                new TrustVerdict.Refused(
                    "trust.unavailable", "no attestation verifier is configured on this node")),
        new TargetDispatch() {
          @Override
          public java.util.concurrent.CompletionStage<DispatchOutcome> execute(
              ExecutionIntent intent, String artifact) {
            return CompletableFuture.completedFuture(
                new DispatchOutcome.Failed("dispatch.unavailable", "no dispatcher", 0));
          }

          @Override
          public java.util.concurrent.CompletionStage<String> cancel(
              ExecutionIntent intent, String reason) {
            return CompletableFuture.completedFuture("no dispatcher");
          }
        },
        ExecutionObserver.NONE,
        clock,
        node,
        Duration.ofHours(1),
        ProofLookup.NONE,
        PeerLinks.NONE);
  }

  public ExecutionServices withGovernance(Governance g) {
    return new ExecutionServices(g, authorization, trust, dispatch, observer, clock, node, maxDuration, proofs, peers);
  }

  public ExecutionServices withAuthorization(Authorization a) {
    return new ExecutionServices(governance, a, trust, dispatch, observer, clock, node, maxDuration, proofs, peers);
  }

  public ExecutionServices withTrust(TrustActivation t) {
    return new ExecutionServices(governance, authorization, t, dispatch, observer, clock, node, maxDuration, proofs, peers);
  }

  public ExecutionServices withDispatch(TargetDispatch d) {
    return new ExecutionServices(governance, authorization, trust, d, observer, clock, node, maxDuration, proofs, peers);
  }

  public ExecutionServices withProofs(ProofLookup p) {
    return new ExecutionServices(governance, authorization, trust, dispatch, observer, clock, node, maxDuration, p, peers);
  }

  public ExecutionServices withPeers(PeerLinks l) {
    return new ExecutionServices(governance, authorization, trust, dispatch, observer, clock, node, maxDuration, proofs, l);
  }

  public ExecutionServices withObserver(ExecutionObserver o) {
    return new ExecutionServices(governance, authorization, trust, dispatch, o, clock, node, maxDuration, proofs, peers);
  }
}

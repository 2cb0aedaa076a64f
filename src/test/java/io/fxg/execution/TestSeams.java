package io.fxg.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test doubles for the execution seams: a permit-all is allowed only here, in tests. */
final class TestSeams {
  final List<String> cancels = new CopyOnWriteArrayList<>();
  volatile DispatchOutcome dispatchOutcome = new DispatchOutcome.Completed(Json.object().put("ok", true));
  volatile GovernanceVerdict verdict = permit(60);
  volatile TrustVerdict trust = new TrustVerdict.Activated("sha256:" + "ab".repeat(32), 12, Json.object().put("image", "sha256:" + "cd".repeat(32)));
  volatile CompletableFuture<DispatchOutcome> pendingDispatch;
  volatile CompletableFuture<TrustVerdict> pendingTrust;

  static GovernanceVerdict.Permit permit(int maxDuration) {
    ObjectNode obligations = Json.object().put("maxDurationSeconds", maxDuration);
    return new GovernanceVerdict.Permit(3, "sha256:" + "11".repeat(32), List.of("billing-invoke"), obligations, 10, "rule billing-invoke permitted");
  }

  ExecutionServices services(Clock clock) {
    return ExecutionServices.failClosed(clock, "127.0.0.1:25520")
        .withGovernance(intent -> CompletableFuture.completedFuture(verdict))
        .withAuthorization((intent, permit, now) -> new IssuedArtifact("eyJ.test." + intent.executionId(),
            intent.executionId(), now.getEpochSecond(), now.getEpochSecond() + permit.maxDurationSeconds(60)))
        .withTrust(new TrustActivation() {
          @Override
          public java.util.concurrent.CompletionStage<TrustVerdict> activate(ExecutionIntent intent,
              IssuedArtifact artifact, GovernanceVerdict.Permit permit) {
            return pendingTrust != null ? pendingTrust : CompletableFuture.completedFuture(trust);
          }

          @Override
          public java.util.Optional<TrustVerdict.Activated> cachedActivation(ExecutionIntent intent,
              GovernanceVerdict.Permit permit) {
            return pendingTrust == null && trust instanceof TrustVerdict.Activated a
                ? java.util.Optional.of(a) : java.util.Optional.empty();
          }
        })
        .withDispatch(new TargetDispatch() {
          @Override
          public java.util.concurrent.CompletionStage<DispatchOutcome> execute(ExecutionIntent intent, String artifact) {
            if (pendingDispatch != null) {
              return pendingDispatch;
            }
            return CompletableFuture.completedFuture(dispatchOutcome);
          }

          @Override
          public java.util.concurrent.CompletionStage<String> cancel(ExecutionIntent intent, String reason) {
            cancels.add(intent.executionId() + ":" + reason);
            return CompletableFuture.completedFuture("cancelled");
          }
        });
  }

  static ExecutionIntent intent(String id) {
    return new ExecutionIntent(id, new Caller("partner-a", "agent-7", Caller.PRINCIPAL),
        new TargetRef("acme", "billing-prod"), "invoice.create", "invoices/2026-11",
        Json.object().put("amount", 250), null, 30, "sha256:" + "00".repeat(32), List.of("invoker"));
  }

  static Duration wait = Duration.ofSeconds(5);
}

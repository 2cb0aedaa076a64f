package io.fxg.testkit;

import io.fxg.execution.DispatchOutcome;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.ExecutionServices;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.IssuedArtifact;
import io.fxg.execution.TargetDispatch;
import io.fxg.execution.TrustVerdict;
import io.fxg.serialization.Json;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * Seams for node tests that exercise the lifecycle without the real governance: action
 * {@code invoice.delete} is denied, {@code report.generate} is dispatched asynchronously, anything
 * else completes at once. Permit-all stand-ins like this exist only in tests.
 */
public final class StubServices {
  private StubServices() {}

  /**
   * Issues real JWS artifacts (signed by {@code issuer}, unchecked by anyone here) whose
   * {@code fxg.chain} names the parent's ancestors and the parent, so cascades can be followed.
   */
  public static io.fxg.execution.Authorization chaining(io.fxg.crypto.Jwk issuer) {
    return (intent, permit, now) -> {
      var payload = Json.object().put("jti", intent.executionId()).put("exp", now.getEpochSecond() + 60);
      var chain = payload.putObject("fxg").putArray("chain");
      if (intent.parentArtifact() != null) {
        try {
          var parent = io.fxg.crypto.Jws.unverifiedPayload(intent.parentArtifact());
          parent.path("fxg").path("chain").forEach(chain::add);
          chain.add(parent.get("jti").asText());
        } catch (io.fxg.crypto.CryptoException e) {
          throw new io.fxg.execution.Authorization.AuthorizationRefused("delegation.bad-parent", e.getMessage());
        }
      }
      return new IssuedArtifact(io.fxg.crypto.Jws.sign(issuer.signer().orElseThrow(), "fxg-authz+jwt", payload),
          intent.executionId(), now.getEpochSecond(), now.getEpochSecond() + 60);
    };
  }

  public static UnaryOperator<ExecutionServices> permitting() {
    return services -> services
        .withGovernance(intent -> CompletableFuture.completedFuture(intent.action().equals("invoice.delete")
            ? new GovernanceVerdict.Deny("policy.no-matching-rule", "no permit rule matches invoice.delete", 1, "sha256:" + "11".repeat(32))
            : new GovernanceVerdict.Permit(1, "sha256:" + "11".repeat(32), List.of("r1"), Json.object().put("maxDurationSeconds", 60), 0, "r1 permitted")))
        .withAuthorization((intent, permit, now) -> new IssuedArtifact("a.b.c", intent.executionId(), now.getEpochSecond(), now.getEpochSecond() + 60))
        .withTrust((intent, artifact, permit) -> CompletableFuture.completedFuture(
            new TrustVerdict.Activated("sha256:" + "ab".repeat(32), 5, Json.object())))
        .withDispatch(new TargetDispatch() {
          @Override
          public CompletionStage<DispatchOutcome> execute(ExecutionIntent intent, String artifact) {
            return CompletableFuture.completedFuture(intent.action().equals("report.generate")
                ? new DispatchOutcome.Accepted() : new DispatchOutcome.Completed(Json.object().put("invoice", 1)));
          }

          @Override
          public CompletionStage<String> cancel(ExecutionIntent intent, String reason) {
            return CompletableFuture.completedFuture("cancelled");
          }
        });
  }
}

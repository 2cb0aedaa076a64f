package io.fxg.authorization;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.Caller;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.TargetRef;
import io.fxg.identity.GatewayKeys;
import io.fxg.serialization.Json;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Gateway keys, intents and permits shared by the authorization tests. */
final class TestArtifacts {
  static final String ISSUER = "fxg-test";
  static final String ENVIRONMENT = "acme/billing-prod";

  /** Every {@code (parent, child)} link the issuer asked for. */
  final List<String> links = new ArrayList<>();
  final GatewayKeys keys;
  final ArtifactIssuer issuer;

  TestArtifacts() {
    try {
      keys = GatewayKeys.load(Files.createTempDirectory("fxg-keys"), null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    issuer = new ArtifactIssuer(ISSUER, keys.signer(), keys.verificationKeys(),
        (parent, child) -> links.add(parent + "->" + child));
  }

  static ObjectNode obligations(int maxDuration, int maxDepth) {
    ObjectNode json = Json.object().put("maxDurationSeconds", maxDuration)
        .put("attestEverySeconds", 15);
    json.putArray("requireMeasurements").add("config").add("image");
    return json.put("maxDelegationDepth", maxDepth).put("freshAttestation", false);
  }

  static GovernanceVerdict.Permit permit(int maxDuration, int maxDepth) {
    return new GovernanceVerdict.Permit(3, "sha256:" + "cd".repeat(32),
        List.of("billing-invoke", "billing-read"), obligations(maxDuration, maxDepth), 15,
        "permitted: rules 'billing-invoke', 'billing-read' match");
  }

  static ExecutionIntent root(String id, int maxDuration) {
    return new ExecutionIntent(id, new Caller("partner-a", "agent-7", Caller.PRINCIPAL),
        new TargetRef("acme", "billing-prod"), "invoice.create", "invoices/2026-11",
        Json.object().put("amount", 250), null, maxDuration, "sha256:" + "ab".repeat(32),
        List.of("invoker"));
  }

  /** A child signed by {@code signer} (kind environment) under {@code parentArtifact}. */
  static ExecutionIntent child(String id, String parentArtifact, String signerDomain,
      String signerName, int maxDuration) {
    return new ExecutionIntent(id, new Caller(signerDomain, signerName, Caller.ENVIRONMENT),
        new TargetRef("acme", "payments-prod"), "payment.submit", "payments/p-1",
        Json.object().put("amount", 40), parentArtifact, maxDuration,
        "sha256:" + "ef".repeat(32), List.of());
  }

  static ExecutionIntent child(String id, String parentArtifact, int maxDuration) {
    return child(id, parentArtifact, "acme", "billing-prod", maxDuration);
  }
}

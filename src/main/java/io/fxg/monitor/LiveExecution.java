package io.fxg.monitor;

import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Jws;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.IssuedArtifact;
import io.fxg.serialization.CborSerializable;
import io.fxg.serialization.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A live execution as its node's supervisor tracks it.
 *
 * @param chain the jtis of its ancestors, root first (from the artifact's {@code fxg.chain})
 * @param obligations the artifact's {@code fxg.obl}, empty when absent
 */
public record LiveExecution(ExecutionIntent intent, IssuedArtifact artifact, List<String> chain,
    ObjectNode obligations) implements CborSerializable {

  public String jti() {
    return artifact.jti();
  }

  static LiveExecution of(ExecutionIntent intent, IssuedArtifact artifact) {
    List<String> chain = new ArrayList<>();
    ObjectNode obligations = Json.object();
    try {
      JsonNode fxg = Jws.unverifiedPayload(artifact.jws()).path("fxg");
      fxg.path("chain").forEach(j -> chain.add(j.asText()));
      if (fxg.path("obl").isObject()) {
        obligations = (ObjectNode) fxg.get("obl");
      }
    } catch (CryptoException e) {
      // An artifact we issued ourselves always parses; without claims there is nothing to cascade
      // from, and re-attestation uses the environment's own interval.
    }
    return new LiveExecution(intent, artifact, List.copyOf(chain), obligations);
  }
}

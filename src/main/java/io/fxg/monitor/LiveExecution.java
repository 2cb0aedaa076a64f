package io.fxg.monitor;

import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Jws;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.IssuedArtifact;
import io.fxg.serialization.CborSerializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A live execution as its node's supervisor tracks it.
 *
 * @param chain the jtis of its ancestors, root first (from the artifact's {@code fxg.chain})
 */
public record LiveExecution(ExecutionIntent intent, String jti, List<String> chain, long expEpochSecond)
    implements CborSerializable {

  static LiveExecution of(ExecutionIntent intent, IssuedArtifact artifact) {
    List<String> chain = new ArrayList<>();
    try {
      Jws.unverifiedPayload(artifact.jws()).path("fxg").path("chain").forEach(j -> chain.add(j.asText()));
    } catch (CryptoException e) {
      // An artifact we issued ourselves always parses; without a chain there is nothing to cascade from.
    }
    return new LiveExecution(intent, artifact.jti(), List.copyOf(chain), artifact.expiresAtEpochSecond());
  }
}

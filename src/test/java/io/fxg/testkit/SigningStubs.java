package io.fxg.testkit;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Jws;
import io.fxg.crypto.Signer;
import io.fxg.execution.ExecutionServices;
import io.fxg.execution.IssuedArtifact;
import io.fxg.serialization.Json;
import java.util.function.UnaryOperator;

/**
 * {@link StubServices#permitting()}, but phase 3 issues a real artifact: a JWS signed with the
 * given gateway key whose claims agree with the records (jti, policy, scope, params), so a proof
 * bundle's artifact checks can pass. The real issuer lives in {@code io.fxg.authorization}.
 */
public final class SigningStubs {
  private SigningStubs() {}

  public static UnaryOperator<ExecutionServices> permitting(Signer gatewayKey) {
    return services -> StubServices.permitting().apply(services).withAuthorization((intent, permit, now) -> {
      long iat = now.getEpochSecond();
      ObjectNode claims = Json.object().put("iss", "fxg").put("sub", intent.caller().keyId())
          .put("aud", intent.target().id()).put("jti", intent.executionId())
          .put("iat", iat).put("nbf", iat).put("exp", iat + 60);
      ObjectNode fxg = claims.putObject("fxg").put("act", intent.action()).put("res", intent.resource())
          .put("params", Digests.digestOfJson(intent.parameters() == null ? NullNode.getInstance() : intent.parameters()))
          .put("req", intent.requestDigest()).put("rule", "r1");
      fxg.putObject("pol").put("v", permit.policyVersion()).put("d", permit.policyDigest());
      fxg.putArray("chain");
      fxg.put("depth", 0);
      String jws = Jws.sign(gatewayKey, "fxg-authz+jwt", claims);
      return new IssuedArtifact(jws, intent.executionId(), iat, iat + 60);
    });
  }
}

package io.fxg.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.crypto.Jws;
import io.fxg.execution.Authorization.AuthorizationRefused;
import io.fxg.policy.Obligations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parent's authorization artifact of a child execution, after its signature verified against
 * the gateway's own keys (current or retired). Only the claims delegation needs are kept.
 *
 * @param jti the parent execution id
 * @param aud the parent's target environment, {@code DOMAIN/ENVIRONMENT}: the only key that may
 *     sign a child request
 * @param exp the parent's expiry, epoch seconds
 * @param depth the parent's delegation depth (0 for a root execution)
 * @param chain the parent's own ancestry, root first
 * @param maxDelegationDepth the parent's obligation: how deep its descendants may go
 * @param sub the parent's caller, {@code DOMAIN/PRINCIPAL}
 * @param act the parent's action, null when absent
 * @param res the parent's resource, null when absent
 * @param params the parent's {@code sha256:} of its parameters, null when absent
 */
public record ParentArtifact(
    String jti, String aud, long exp, int depth, List<String> chain, int maxDelegationDepth,
    String sub, String act, String res, String params) {

  /** Verifies the compact JWS and reads its claims; refuses with {@code delegation.bad-parent}. */
  public static ParentArtifact verify(String compact, Map<String, Ed25519PublicKey> gatewayKeys)
      throws AuthorizationRefused {
    JsonNode claims;
    try {
      claims = Jws.verify(compact, ArtifactIssuer.TYP, gatewayKeys::get).payload();
    } catch (CryptoException e) {
      throw bad("the parent artifact does not verify against the gateway's keys ("
          + e.getMessage() + ")");
    }
    JsonNode fxg = claims.path("fxg");
    JsonNode chainNode = fxg.path("chain");
    if (!claims.path("jti").isTextual() || !claims.path("aud").isTextual()
        || !claims.path("exp").isIntegralNumber() || !fxg.path("depth").isInt()
        || fxg.path("depth").asInt() < 0 || !chainNode.isArray()
        || chainNode.size() > Obligations.MAX_DELEGATION_DEPTH
        || !fxg.path("obl").path("maxDelegationDepth").isInt()) {
      throw bad("the parent artifact lacks jti, aud, exp, fxg.depth, fxg.chain or "
          + "fxg.obl.maxDelegationDepth");
    }
    List<String> chain = new ArrayList<>(chainNode.size());
    for (JsonNode link : chainNode) {
      if (!link.isTextual()) {
        throw bad("the parent artifact's fxg.chain holds a non-string");
      }
      chain.add(link.asText());
    }
    return new ParentArtifact(claims.get("jti").asText(), claims.get("aud").asText(),
        claims.get("exp").asLong(), fxg.get("depth").asInt(), List.copyOf(chain),
        fxg.path("obl").get("maxDelegationDepth").asInt(), claims.path("sub").asText(null),
        fxg.path("act").asText(null), fxg.path("res").asText(null), fxg.path("params").asText(null));
  }

  /** The child's chain claim: the parent's chain, then the parent. */
  public List<String> childChain() {
    List<String> next = new ArrayList<>(chain);
    next.add(jti);
    return List.copyOf(next);
  }

  private static AuthorizationRefused bad(String detail) {
    return new AuthorizationRefused(Delegation.BAD_PARENT, detail);
  }
}

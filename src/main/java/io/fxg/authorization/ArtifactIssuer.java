package io.fxg.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.crypto.Jws;
import io.fxg.crypto.Signer;
import io.fxg.execution.Authorization;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.IssuedArtifact;
import io.fxg.serialization.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Phase 3: signs the authorization artifact of a permitted execution. A JWS compact
 * serialization, {@code alg} EdDSA, {@code typ} {@value #TYP}, {@code kid} the gateway key's RFC
 * 7638 thumbprint, with exactly the claims of SPEC section 7:
 *
 * <pre>
 * iss  fxg.issuer            sub  caller DOMAIN/PRINCIPAL (or DOMAIN/ENVIRONMENT for a child)
 * aud  target DOMAIN/ENV     jti  execution id            iat = nbf = now
 * exp  now + min(strictest obligation maxDurationSeconds, the request's maxDurationSeconds),
 *      and for a child never after the parent's exp
 * fxg  {act, res, params: sha256 of the JCS parameters, req: the signed request's digest,
 *       pol: {v, d}, rule: the first permitting rule, obl: the combined obligations,
 *       meas: obl.requireMeasurements, parent: parent jti or null, chain: [root..parent], depth}
 * </pre>
 *
 * The execution entity calls {@link #issue} only after the permit is journaled, once per
 * execution. A child's delegation is re-verified here (signature, signer, depth) and a child that
 * asks to run past its parent's {@code exp} is refused ({@code delegation.outlives-parent}), with
 * {@link AuthorizationRefused}; once signed, the parent is told to link the child, so lineage
 * links both ways.
 */
public final class ArtifactIssuer implements Authorization {
  public static final String TYP = "fxg-authz+jwt";

  private final String issuer;
  private final Signer signer;
  private final ParentKeys parentKeys;
  private final BiConsumer<String, String> linkChild;

  /**
   * @param signer the gateway's current key; its key id (the thumbprint) becomes {@code kid}
   * @param gatewayKeys current and retired gateway keys, to verify parent artifacts
   * @param linkChild told {@code (parentJti, childId)} once a child's artifact is signed
   */
  public ArtifactIssuer(String issuer, Signer signer, Map<String, Ed25519PublicKey> gatewayKeys,
      BiConsumer<String, String> linkChild) {
    this(issuer, signer, ParentKeys.own(gatewayKeys), linkChild);
  }

  /** @param parentKeys the keys a parent artifact verifies against (a peer's for forwarded executions) */
  public ArtifactIssuer(String issuer, Signer signer, ParentKeys parentKeys, BiConsumer<String, String> linkChild) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.parentKeys = Objects.requireNonNull(parentKeys, "parentKeys");
    this.linkChild = Objects.requireNonNull(linkChild, "linkChild");
  }

  @Override
  public IssuedArtifact issue(ExecutionIntent intent, GovernanceVerdict.Permit permit, Instant now)
      throws AuthorizationRefused {
    Delegation delegation = Delegation.of(intent, parentKeys.forIntent(intent), now);
    delegation.requireWithinParent(intent, now);
    int maxDepth = permit.obligations().path("maxDelegationDepth").asInt(0);
    if (delegation.depth() > maxDepth) {
      throw new AuthorizationRefused(Delegation.TOO_DEEP, "depth " + delegation.depth()
          + " exceeds the permit's maxDelegationDepth " + maxDepth);
    }
    long iat = now.getEpochSecond();
    long exp = iat + Math.min(intent.maxDurationSeconds(),
        permit.maxDurationSeconds(intent.maxDurationSeconds()));
    if (delegation.parent() != null) {
      exp = Math.min(exp, delegation.parent().exp());
      if (exp <= iat) {
        throw new AuthorizationRefused(Delegation.PARENT_NOT_LIVE, "the parent artifact "
            + delegation.parentJti() + " expires before the child could start");
      }
    }
    ObjectNode claims = claims(intent, permit, delegation, iat, exp);
    String jws = Jws.sign(signer, TYP, claims);
    if (delegation.parent() != null && intent.forwardedFrom() == null) {
      linkChild.accept(delegation.parentJti(), intent.executionId());
    }
    return new IssuedArtifact(jws, intent.executionId(), iat, exp);
  }

  private ObjectNode claims(ExecutionIntent intent, GovernanceVerdict.Permit permit,
      Delegation delegation, long iat, long exp) {
    ObjectNode claims = Json.object();
    claims.put("iss", issuer);
    claims.put("sub", intent.caller().keyId());
    claims.put("aud", intent.target().id());
    claims.put("jti", intent.executionId());
    claims.put("iat", iat);
    claims.put("nbf", iat);
    claims.put("exp", exp);
    ObjectNode fxg = claims.putObject("fxg");
    fxg.put("act", intent.action());
    fxg.put("res", intent.resource());
    JsonNode parameters = intent.parameters() == null ? NullNode.getInstance() : intent.parameters();
    fxg.put("params", Digests.digestOfJson(parameters));
    fxg.put("req", intent.requestDigest());
    fxg.putObject("pol").put("v", permit.policyVersion()).put("d", permit.policyDigest());
    fxg.put("rule", permit.rules().isEmpty() ? null : permit.rules().get(0));
    fxg.set("obl", permit.obligations().deepCopy());
    ArrayNode meas = fxg.putArray("meas");
    permit.obligations().path("requireMeasurements").forEach(meas::add);
    fxg.put("parent", delegation.parentJti());
    ArrayNode chain = fxg.putArray("chain");
    delegation.chain().forEach(chain::add);
    fxg.put("depth", delegation.depth());
    return claims;
  }
}

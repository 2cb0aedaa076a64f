package io.fxg.proof;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.crypto.Jwk;
import io.fxg.lineage.LineageRecord;
import io.fxg.proof.ProofVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The artifact checks of a proof bundle: the JWS signature, and its claims against the records.
 * See {@link ProofBundleVerifier} for the record data keys these checks read.
 */
final class ArtifactChecks {
  static final String TYP = "fxg-authz+jwt";
  static final String AUTHORIZATION_ISSUED = "authorization.issued";
  static final String GOVERNANCE_SYNCHRONIZED = "governance.synchronized";
  /** Most keys read from one JWK Set. */
  static final int MAX_JWKS_KEYS = 64;

  private ArtifactChecks() {}

  /** The {@code kid -> key} map of a JWK Set {@code {"keys": [...]}}; every key needs a kid. */
  static Map<String, Ed25519PublicKey> parseJwks(JsonNode jwks) throws ProofVerificationException {
    JsonNode keys = jwks == null ? null : jwks.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new ProofVerificationException(Reason.MALFORMED, "jwks: must be {\"keys\": [...]}");
    }
    if (keys.size() > MAX_JWKS_KEYS) {
      throw new ProofVerificationException(Reason.MALFORMED, "jwks: more than " + MAX_JWKS_KEYS + " keys");
    }
    Map<String, Ed25519PublicKey> byKid = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      try {
        Jwk jwk = Jwk.parse(keys.get(i));
        if (jwk.kid() == null || byKid.putIfAbsent(jwk.kid(), jwk.publicKey()) != null) {
          throw new ProofVerificationException(
              Reason.MALFORMED, "jwks.keys[" + i + "]: kid missing or repeated");
        }
      } catch (CryptoException e) {
        throw new ProofVerificationException(
            Reason.MALFORMED, "jwks.keys[" + i + "]: " + e.getMessage(), e);
      }
    }
    return byKid;
  }

  /** Whether the records say an artifact was issued. */
  static boolean authorized(List<LineageRecord> records) {
    return records.stream().anyMatch(r -> AUTHORIZATION_ISSUED.equals(r.type()));
  }

  /**
   * The first claim of the verified artifact that does not match the records, or empty when all
   * do. {@code parentJti} is the enclosing bundle's execution id for a child, else null.
   */
  static Optional<String> claimsMismatch(
      ProofBundle bundle, String artifact, JsonNode claims, String parentJti) {
    String jti = claims.path("jti").asText(null);
    if (!bundle.executionId().equals(jti)) {
      return Optional.of("jti " + jti + " differs from executionId " + bundle.executionId());
    }
    LineageRecord issued = null;
    for (LineageRecord record : bundle.records()) {
      if (AUTHORIZATION_ISSUED.equals(record.type())) {
        issued = record;
      }
    }
    if (issued == null) {
      return Optional.of("no authorization.issued record for the artifact");
    }
    JsonNode data = issued.data();
    JsonNode fxg = claims.path("fxg");
    String policyDigest = fxg.path("pol").path("d").asText(null);
    Optional<String> mismatch = firstOf(
        same("authorization.issued jti", data.path("jti"), "jti", claims.path("jti")),
        same("authorization.issued policyDigest", data.path("policyDigest"), "fxg.pol.d",
            fxg.path("pol").path("d")),
        sameNumber("authorization.issued policyVersion", data.path("policyVersion"), "fxg.pol.v",
            fxg.path("pol").path("v")),
        same("authorization.issued action", data.path("action"), "fxg.act", fxg.path("act")),
        same("authorization.issued resource", data.path("resource"), "fxg.res", fxg.path("res")));
    if (mismatch.isPresent()) {
      return mismatch;
    }
    if (data.has("params")) {
      mismatch = same("authorization.issued params", data.path("params"), "fxg.params", fxg.path("params"));
    }
    if (mismatch.isEmpty() && data.has("artifactDigest")) {
      String digest = Digests.digestString(artifact.getBytes(StandardCharsets.US_ASCII));
      if (!digest.equals(data.path("artifactDigest").asText())) {
        mismatch = Optional.of("authorization.issued artifactDigest differs from the artifact's "
            + digest);
      }
    }
    LineageRecord governance = lastGovernanceBefore(bundle.records(), issued.seq());
    if (mismatch.isEmpty() && governance != null && governance.data().has("policyDigest")
        && !governance.data().path("policyDigest").asText().equals(policyDigest)) {
      mismatch = Optional.of("governance.synchronized policyDigest "
          + governance.data().path("policyDigest").asText() + " differs from fxg.pol.d " + policyDigest);
    }
    if (mismatch.isEmpty() && parentJti != null
        && !parentJti.equals(fxg.path("parent").asText(null))) {
      mismatch = Optional.of("fxg.parent " + fxg.path("parent").asText(null)
          + " differs from the parent execution " + parentJti);
    }
    return mismatch;
  }

  private static LineageRecord lastGovernanceBefore(List<LineageRecord> records, long seq) {
    LineageRecord last = null;
    for (LineageRecord record : records) {
      if (GOVERNANCE_SYNCHRONIZED.equals(record.type()) && record.seq() < seq) {
        last = record;
      }
    }
    return last;
  }

  @SafeVarargs
  private static Optional<String> firstOf(Optional<String>... checks) {
    for (Optional<String> check : checks) {
      if (check.isPresent()) {
        return check;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> same(String recordName, JsonNode recorded, String claimName, JsonNode claimed) {
    if (!recorded.isTextual()) {
      return Optional.of(recordName + " missing");
    }
    if (!claimed.isTextual() || !recorded.asText().equals(claimed.asText())) {
      return Optional.of(claimName + " " + claimed + " differs from " + recordName + " " + recorded);
    }
    return Optional.empty();
  }

  private static Optional<String> sameNumber(String recordName, JsonNode recorded, String claimName, JsonNode claimed) {
    if (!recorded.isIntegralNumber()) {
      return Optional.of(recordName + " missing");
    }
    if (!claimed.isIntegralNumber() || recorded.asLong() != claimed.asLong()) {
      return Optional.of(claimName + " " + claimed + " differs from " + recordName + " " + recorded);
    }
    return Optional.empty();
  }
}

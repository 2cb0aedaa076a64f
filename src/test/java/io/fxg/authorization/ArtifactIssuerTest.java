package io.fxg.authorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Jws;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.IssuedArtifact;
import io.fxg.serialization.Json;
import io.fxg.environment.ArtifactVerifier;
import io.fxg.environment.JwksKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The artifact: exactly the SPEC section 7 claims, verified by an independent JOSE library
 * (Nimbus JOSE+JWT, Ed25519 through Tink) against the JWKS, and refused by the target library
 * when tampered, expired, for another audience or out of scope.
 */
class ArtifactIssuerTest {
  static final TestArtifacts ARTIFACTS = new TestArtifacts();
  final Instant now = Instant.now();

  IssuedArtifact issue(ExecutionIntent intent, int obligationSeconds) throws Exception {
    return ARTIFACTS.issuer.issue(intent, TestArtifacts.permit(obligationSeconds, 2), now);
  }

  ArtifactVerifier verifier(String environment, Instant at) {
    return new ArtifactVerifier(environment, () -> {
      try {
        return JwksKeys.parse(ARTIFACTS.keys.jwks());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, Clock.fixed(at, ZoneOffset.UTC), ArtifactVerifier.DEFAULT_LEEWAY);
  }

  static ArtifactVerifier.Scope scope(ExecutionIntent intent) {
    return new ArtifactVerifier.Scope(intent.executionId(), intent.action(), intent.resource(),
        intent.parameters());
  }

  @Test
  void issue_root_hasExactlyTheSpecClaims() throws Exception {
    ExecutionIntent intent = TestArtifacts.root("e-claims", 30);
    IssuedArtifact artifact = issue(intent, 60);
    JsonNode header = Jws.unverifiedHeader(artifact.jws());
    assertEquals(Set.of("alg", "typ", "kid"), names(header));
    assertEquals(ARTIFACTS.keys.currentKid(), header.get("kid").asText());
    JsonNode claims = Jws.unverifiedPayload(artifact.jws());
    assertEquals(Set.of("iss", "sub", "aud", "jti", "iat", "nbf", "exp", "fxg"), names(claims));
    assertEquals(TestArtifacts.ISSUER, claims.get("iss").asText());
    assertEquals("partner-a/agent-7", claims.get("sub").asText());
    assertEquals(TestArtifacts.ENVIRONMENT, claims.get("aud").asText());
    assertEquals("e-claims", claims.get("jti").asText());
    assertEquals(now.getEpochSecond(), claims.get("iat").asLong());
    assertEquals(now.getEpochSecond(), claims.get("nbf").asLong());
    assertEquals(now.getEpochSecond() + 30, claims.get("exp").asLong());
    JsonNode fxg = claims.get("fxg");
    assertEquals(Set.of("act", "res", "params", "req", "pol", "rule", "obl", "meas", "parent",
        "chain", "depth"), names(fxg));
    assertEquals("invoice.create", fxg.get("act").asText());
    assertEquals("invoices/2026-11", fxg.get("res").asText());
    assertEquals(Digests.digestOfJson(Json.object().put("amount", 250)), fxg.get("params").asText());
    assertEquals(intent.requestDigest(), fxg.get("req").asText());
    assertEquals(3, fxg.at("/pol/v").asLong());
    assertEquals("sha256:" + "cd".repeat(32), fxg.at("/pol/d").asText());
    assertEquals("billing-invoke", fxg.get("rule").asText());
    assertEquals(TestArtifacts.obligations(60, 2), fxg.get("obl"));
    assertEquals(Json.mapper().valueToTree(List.of("config", "image")), fxg.get("meas"));
    assertTrue(fxg.get("parent").isNull());
    assertEquals(0, fxg.get("chain").size());
    assertEquals(0, fxg.get("depth").asInt());
    assertEquals(new IssuedArtifact(artifact.jws(), "e-claims", now.getEpochSecond(),
        now.getEpochSecond() + 30), artifact);
  }

  @Test
  void issue_expIsStrictestOfObligationAndRequest() throws Exception {
    assertEquals(now.getEpochSecond() + 45, issue(TestArtifacts.root("e-exp1", 300), 45)
        .expiresAtEpochSecond());
    assertEquals(now.getEpochSecond() + 20, issue(TestArtifacts.root("e-exp2", 20), 45)
        .expiresAtEpochSecond());
  }

  @Test
  void nimbus_verifiesSignatureAndClaimsAgainstJwks() throws Exception {
    IssuedArtifact artifact = issue(TestArtifacts.root("e-nimbus", 30), 60);
    JWKSet jwks = JWKSet.parse(Json.write(ARTIFACTS.keys.jwks()));
    SignedJWT jwt = SignedJWT.parse(artifact.jws());
    assertEquals(JWSAlgorithm.EdDSA, jwt.getHeader().getAlgorithm());
    assertEquals(new JOSEObjectType("fxg-authz+jwt"), jwt.getHeader().getType());
    OctetKeyPair key = (OctetKeyPair) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertTrue(jwt.verify(new Ed25519Verifier(key)), "Nimbus rejects the signature");
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertEquals(TestArtifacts.ISSUER, claims.getIssuer());
    assertEquals(List.of(TestArtifacts.ENVIRONMENT), claims.getAudience());
    assertEquals("partner-a/agent-7", claims.getSubject());
    assertEquals("e-nimbus", claims.getJWTID());
    assertTrue(claims.getExpirationTime().after(new Date()));
    assertEquals("invoice.create", ((Map<?, ?>) claims.getClaim("fxg")).get("act"));

    SignedJWT tampered = SignedJWT.parse(flipPayloadByte(artifact.jws()));
    assertTrue(!tampered.verify(new Ed25519Verifier(key)), "Nimbus accepts a tampered artifact");
  }

  @Test
  void target_acceptsValidArtifact() throws Exception {
    ExecutionIntent intent = TestArtifacts.root("e-valid", 30);
    IssuedArtifact artifact = issue(intent, 60);
    assertInstanceOf(ArtifactVerifier.Verified.class,
        verifier(TestArtifacts.ENVIRONMENT, now).verify(artifact.jws(), scope(intent)));
  }

  @Test
  void target_refusesTamperedExpiredWrongAudienceAndOutOfScope() throws Exception {
    ExecutionIntent intent = TestArtifacts.root("e-refused", 30);
    String jws = issue(intent, 60).jws();
    ArtifactVerifier here = verifier(TestArtifacts.ENVIRONMENT, now);
    assertRefused("bad-signature", here.verify(flipPayloadByte(jws), scope(intent)));
    assertRefused("bad-signature", here.verify(jws.substring(0, jws.length() - 3)
        + (jws.endsWith("AAA") ? "BBB" : "AAA"), scope(intent)));
    assertRefused("expired", verifier(TestArtifacts.ENVIRONMENT, now.plusSeconds(36))
        .verify(jws, scope(intent)));
    assertRefused("not-yet-valid", verifier(TestArtifacts.ENVIRONMENT, now.minusSeconds(60))
        .verify(jws, scope(intent)));
    assertRefused("audience", verifier("acme/billing-staging", now).verify(jws, scope(intent)));
    assertRefused("scope:action", here.verify(jws, new ArtifactVerifier.Scope("e-refused",
        "invoice.delete", intent.resource(), intent.parameters())));
    assertRefused("scope:resource", here.verify(jws, new ArtifactVerifier.Scope("e-refused",
        intent.action(), "invoices/2026-12", intent.parameters())));
    assertRefused("scope:params", here.verify(jws, new ArtifactVerifier.Scope("e-refused",
        intent.action(), intent.resource(), Json.object().put("amount", 251))));
    assertRefused("execution-id", here.verify(jws, new ArtifactVerifier.Scope("e-other",
        intent.action(), intent.resource(), intent.parameters())));
  }

  @Test
  void target_refusesArtifactOfAnotherGateway() throws Exception {
    ExecutionIntent intent = TestArtifacts.root("e-foreign", 30);
    String foreign = new TestArtifacts().issuer.issue(intent, TestArtifacts.permit(60, 2), now)
        .jws();
    assertRefused("unknown-key",
        verifier(TestArtifacts.ENVIRONMENT, now).verify(foreign, scope(intent)));
  }

  static void assertRefused(String check, ArtifactVerifier.Result result) {
    var refused = assertInstanceOf(ArtifactVerifier.Refused.class, result);
    assertEquals(check, refused.check(), refused.detail());
  }

  /** Changes one byte of the payload (a middle character of its base64url). */
  static String flipPayloadByte(String jws) {
    int start = jws.indexOf('.') + 1;
    int at = start + (jws.indexOf('.', start) - start) / 2;
    char c = jws.charAt(at);
    return jws.substring(0, at) + (c == 'A' ? 'B' : 'A') + jws.substring(at + 1);
  }

  static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

package io.fxg.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Jws;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorization artifact as a target checks it: every claim, and tampering. */
class ArtifactVerifierTest {
  static final String ENV = "acme/billing-prod";
  static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
  static final JsonNode PARAMS = Json.object().put("amount", 250).put("currency", "EUR");
  static final ArtifactVerifier.Scope SCOPE =
      new ArtifactVerifier.Scope("exec-0001", "invoice.create", "invoices/2026-11", PARAMS);

  GatewayDouble gateway;

  @BeforeEach
  void setUp() throws Exception {
    gateway = new GatewayDouble(ENV, Jwk.generate(ENV).publicKey());
  }

  @AfterEach
  void tearDown() {
    gateway.close();
  }

  ArtifactVerifier.Result verify(String artifact, Instant now, ArtifactVerifier.Scope scope) {
    ArtifactVerifier verifier =
        new ArtifactVerifier(
            ENV, gateway::jwks, Clock.fixed(now, ZoneOffset.UTC), ArtifactVerifier.DEFAULT_LEEWAY);
    return verifier.verify(artifact, scope);
  }

  String valid() {
    return gateway.artifact(
        ENV, "exec-0001", "invoice.create", "invoices/2026-11", PARAMS, T0, Duration.ofSeconds(60));
  }

  ArtifactVerifier.Refused refused(String artifact, Instant now, ArtifactVerifier.Scope scope) {
    return assertInstanceOf(ArtifactVerifier.Refused.class, verify(artifact, now, scope));
  }

  @Test
  void verify_artifactForThisExecution_isVerified() {
    var verified =
        assertInstanceOf(
            ArtifactVerifier.Verified.class, verify(valid(), T0.plusSeconds(1), SCOPE));
    assertEquals(gateway.key.kid(), verified.keyId());
    assertEquals("exec-0001", verified.claims().get("jti").asText());
  }

  @Test
  void verify_parametersInAnotherKeyOrder_isVerified() {
    JsonNode reordered = Json.object().put("currency", "EUR").put("amount", 250);
    var scope =
        new ArtifactVerifier.Scope("exec-0001", "invoice.create", "invoices/2026-11", reordered);
    assertInstanceOf(ArtifactVerifier.Verified.class, verify(valid(), T0, scope));
  }

  @Test
  void verify_tamperedClaims_isBadSignature() throws Exception {
    String[] parts = valid().split("\\.");
    ObjectNode claims = (ObjectNode) Json.parse(Encoding.fromB64url(parts[1]));
    ((ObjectNode) claims.get("fxg")).put("act", "invoice.delete");
    String tampered = parts[0] + "." + Encoding.b64url(Json.writeBytes(claims)) + "." + parts[2];
    var scope =
        new ArtifactVerifier.Scope("exec-0001", "invoice.delete", "invoices/2026-11", PARAMS);
    assertEquals("bad-signature", refused(tampered, T0, scope).check());
  }

  @Test
  void verify_flippedSignatureByte_isBadSignature() {
    String artifact = valid();
    int at = artifact.lastIndexOf('.') + 5;
    String flipped =
        artifact.substring(0, at)
            + (artifact.charAt(at) == 'A' ? 'B' : 'A')
            + artifact.substring(at + 1);
    assertEquals("bad-signature", refused(flipped, T0, SCOPE).check());
  }

  @Test
  void verify_outsideValidityWindow_isExpiredOrNotYetValid() {
    assertEquals("expired", refused(valid(), T0.plusSeconds(65), SCOPE).check());
    assertInstanceOf(ArtifactVerifier.Verified.class, verify(valid(), T0.plusSeconds(64), SCOPE));
    assertEquals("not-yet-valid", refused(valid(), T0.minusSeconds(6), SCOPE).check());
    assertInstanceOf(ArtifactVerifier.Verified.class, verify(valid(), T0.minusSeconds(5), SCOPE));
  }

  @Test
  void verify_otherAudience_isForbiddenAudience() {
    String artifact =
        gateway.artifact(
            "acme/other-env",
            "exec-0001",
            "invoice.create",
            "invoices/2026-11",
            PARAMS,
            T0,
            Duration.ofSeconds(60));
    ArtifactVerifier.Refused refused = refused(artifact, T0, SCOPE);
    assertEquals("audience", refused.check());
    assertTrue(refused.isForbidden());
  }

  @Test
  void verify_outOfScope_namesTheScopeCheck() {
    assertEquals(
        "execution-id",
        refused(
                valid(),
                T0,
                new ArtifactVerifier.Scope(
                    "exec-0002", "invoice.create", "invoices/2026-11", PARAMS))
            .check());
    assertEquals(
        "scope:action",
        refused(
                valid(),
                T0,
                new ArtifactVerifier.Scope(
                    "exec-0001", "invoice.delete", "invoices/2026-11", PARAMS))
            .check());
    assertEquals(
        "scope:resource",
        refused(
                valid(),
                T0,
                new ArtifactVerifier.Scope(
                    "exec-0001", "invoice.create", "invoices/2026-12", PARAMS))
            .check());
    ArtifactVerifier.Refused params =
        refused(
            valid(),
            T0,
            new ArtifactVerifier.Scope(
                "exec-0001",
                "invoice.create",
                "invoices/2026-11",
                Json.object().put("amount", 99999)));
    assertEquals("scope:params", params.check());
    assertTrue(params.isForbidden());
  }

  @Test
  void verify_keyNotInJwks_isUnknownKey() throws Exception {
    try (GatewayDouble other = new GatewayDouble(ENV, Jwk.generate(ENV).publicKey())) {
      String foreign =
          other.artifact(
              ENV,
              "exec-0001",
              "invoice.create",
              "invoices/2026-11",
              PARAMS,
              T0,
              Duration.ofSeconds(60));
      ArtifactVerifier.Refused refused = refused(foreign, T0, SCOPE);
      assertEquals("unknown-key", refused.check());
      assertFalse(refused.isForbidden());
    }
  }

  @Test
  void verify_wrongTypOrGarbage_isHeaderOrMalformed() {
    String otherTyp = Jws.sign(gateway.signer, "JWT", Json.object().put("aud", ENV));
    assertEquals("header", refused(otherTyp, T0, SCOPE).check());
    assertEquals("malformed", refused("not-a-jws", T0, SCOPE).check());
    assertEquals("malformed", refused(null, T0, SCOPE).check());
    String noExp =
        Jws.sign(gateway.signer, ArtifactVerifier.TYP, Json.object().put("aud", ENV).put("nbf", 1));
    assertEquals("malformed", refused(noExp, T0, SCOPE).check());
    String header =
        Encoding.b64url(
            "{\"alg\":\"none\",\"typ\":\"fxg-authz+jwt\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "header", refused(header + "." + valid().split("\\.")[1] + ".", T0, SCOPE).check());
  }
}

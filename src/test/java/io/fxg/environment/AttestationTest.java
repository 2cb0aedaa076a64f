package io.fxg.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Dsse;
import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jcs;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DSSE attestation envelopes: what the signer makes, and every check the verifier names. */
class AttestationTest {
  static final String ENV = "acme/billing-prod";
  static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
  static final Clock AT_T0 = Clock.fixed(T0, ZoneOffset.UTC);
  static final Signer ENV_KEY = Jwk.generate(ENV).signer().orElseThrow();
  static final String NONCE = Encoding.b64url(Digests.sha256("challenge".getBytes()));
  static final Map<String, String> REFERENCE = DemoTarget.referenceMeasurements();

  final AttestationSigner signer = new AttestationSigner(ENV_KEY, AT_T0);

  AttestationVerifier.Result verify(ObjectNode envelope, Clock clock) {
    return new AttestationVerifier(clock)
        .verify(
            Json.write(envelope),
            new AttestationVerifier.Expectation(
                ENV, ENV_KEY.publicKey(), NONCE, REFERENCE, Duration.ofSeconds(30)));
  }

  String failedCheck(ObjectNode envelope) {
    return assertInstanceOf(AttestationVerifier.Failed.class, verify(envelope, AT_T0)).check();
  }

  @Test
  void attest_thenVerify_isVerifiedWithTheMeasurements() throws Exception {
    ObjectNode envelope = signer.attest(NONCE, REFERENCE);
    var verified = assertInstanceOf(AttestationVerifier.Verified.class, verify(envelope, AT_T0));
    assertEquals(REFERENCE, verified.measurements());
    assertEquals(T0, verified.issuedAt());
    assertEquals(Digests.digestOfJson(envelope), verified.evidenceDigest());
    byte[] payload = Encoding.fromB64(envelope.get("payload").asText());
    assertEquals(new String(Jcs.canonicalizeText(new String(payload))), new String(payload));
    assertEquals(
        "{\"environment\":\"acme/billing-prod\",\"issuedAt\":\"2026-11-27T09:00:00Z\",\"measurements\":"
            + "{\"config\":\""
            + DemoTarget.CONFIG
            + "\",\"image\":\""
            + DemoTarget.IMAGE
            + "\"},\"nonce\":\""
            + NONCE
            + "\"}",
        new String(payload));
    byte[] sig = Encoding.fromB64(envelope.get("signatures").get(0).get("sig").asText());
    assertTrue(ENV_KEY.publicKey().verify(Dsse.pae(AttestationSigner.PAYLOAD_TYPE, payload), sig));
  }

  @Test
  void verify_tamperedPayload_isBadSignature() throws Exception {
    ObjectNode envelope =
        signer.attest(
            NONCE, Map.of("image", DemoTarget.TAMPERED_IMAGE, "config", DemoTarget.CONFIG));
    String payload = new String(Encoding.fromB64(envelope.get("payload").asText()));
    envelope.put(
        "payload",
        Encoding.b64(payload.replace(DemoTarget.TAMPERED_IMAGE, DemoTarget.IMAGE).getBytes()));
    assertEquals("bad-signature", failedCheck(envelope));
  }

  @Test
  void verify_signedByAnotherKeyWithTheSameKeyid_isBadSignature() {
    Signer impostor = Jwk.generate(ENV).signer().orElseThrow();
    assertEquals(
        "bad-signature",
        failedCheck(new AttestationSigner(impostor, AT_T0).attest(NONCE, REFERENCE)));
  }

  @Test
  void verify_otherKeyid_isWrongKey() {
    Signer other = Jwk.generate("acme/other-env").signer().orElseThrow();
    assertEquals(
        "wrong-key", failedCheck(new AttestationSigner(other, AT_T0).attest(NONCE, REFERENCE)));
  }

  @Test
  void verify_twoOrNoSignatures_isSignatureCount() {
    ObjectNode envelope = signer.attest(NONCE, REFERENCE);
    ArrayNode signatures = (ArrayNode) envelope.get("signatures");
    signatures.add(signatures.get(0).deepCopy());
    assertEquals("signature-count", failedCheck(envelope));
    signatures.removeAll();
    assertEquals("signature-count", failedCheck(envelope));
  }

  @Test
  void verify_otherNonce_isNonceMismatch() {
    assertEquals(
        "nonce-mismatch", failedCheck(signer.attest(Encoding.b64url(new byte[32]), REFERENCE)));
  }

  @Test
  void verify_olderThanMaxAgeOrFromTheFuture_isStale() {
    ObjectNode envelope = signer.attest(NONCE, REFERENCE);
    Clock later = Clock.fixed(T0.plusSeconds(31), ZoneOffset.UTC);
    var stale = assertInstanceOf(AttestationVerifier.Failed.class, verify(envelope, later));
    assertEquals("stale", stale.check());
    Clock earlier = Clock.fixed(T0.minusSeconds(60), ZoneOffset.UTC);
    assertEquals(
        "stale",
        assertInstanceOf(AttestationVerifier.Failed.class, verify(envelope, earlier)).check());
    Clock edge = Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC);
    assertInstanceOf(AttestationVerifier.Verified.class, verify(envelope, edge));
  }

  @Test
  void verify_changedOrMissingMeasurement_namesTheMeasurement() {
    assertEquals(
        "measurement-mismatch:image",
        failedCheck(
            signer.attest(
                NONCE, Map.of("image", DemoTarget.TAMPERED_IMAGE, "config", DemoTarget.CONFIG))));
    assertEquals(
        "missing-measurement:config",
        failedCheck(signer.attest(NONCE, Map.of("image", DemoTarget.IMAGE))));
  }

  @Test
  void verify_malformedEnvelopes_areBadEnvelope() {
    ObjectNode wrongType = signer.attest(NONCE, REFERENCE).put("payloadType", "application/json");
    assertEquals("bad-envelope", failedCheck(wrongType));
    ObjectNode extra = signer.attest(NONCE, REFERENCE).put("note", "x");
    assertEquals("bad-envelope", failedCheck(extra));
    ObjectNode notBase64 = signer.attest(NONCE, REFERENCE).put("payload", "%%%");
    assertEquals("bad-envelope", failedCheck(notBase64));
    var notJson =
        new AttestationVerifier(AT_T0)
            .verify(
                "{not json",
                new AttestationVerifier.Expectation(
                    ENV, ENV_KEY.publicKey(), NONCE, REFERENCE, Duration.ofSeconds(30)));
    assertEquals(
        "bad-envelope", assertInstanceOf(AttestationVerifier.Failed.class, notJson).check());
  }
}

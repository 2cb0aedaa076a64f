package io.fxg.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.execution.Caller;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.IssuedArtifact;
import io.fxg.execution.TargetRef;
import io.fxg.execution.TrustVerdict;
import io.fxg.http.GatewayHttpClient;
import io.fxg.serialization.Json;
import io.fxg.environment.AttestationSigner;
import io.fxg.environment.DemoTarget;
import io.fxg.environment.JwksKeys;
import io.fxg.environment.TargetEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Phase 4 against a real demo target on loopback, and against targets that answer wrongly. */
class AttestationsTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
  static final String ENV = "acme/billing-prod";
  static final Jwk gatewayKey = Jwk.generate(null);
  static final Jwk envKey = Jwk.generate(ENV);
  final TestClock clock = new TestClock();
  final List<String> nonces = new CopyOnWriteArrayList<>();
  final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  TargetEnvironment demoTarget(Jwk key, Clock targetClock) throws Exception {
    TargetEnvironment target = DemoTarget.configure(TargetEnvironment.builder(key.signer().orElseThrow())
        .clock(targetClock).gatewayKeys(() -> JwksKeys.of(gatewayKey.publicOnly())).reportSink((id, r) -> { }))
        .start();
    closing.add(target);
    return target;
  }

  static TrustView view(String endpoint, Jwk registered, int every) {
    var env = new DomainDocument.Environment("billing-prod", endpoint, Encoding.b64url(registered.publicKey().raw()),
        DemoTarget.referenceMeasurements(), every);
    var doc = new DomainDocument("Acme", List.of(), List.of(env));
    return TrustView.EMPTY.with(new DomainSnapshot("acme", 1, doc, false, null, "00".repeat(32), "2026-11-27T09:00:00.000Z"));
  }

  Attestations attestations(TrustView view) {
    GatewayHttpClient http = new GatewayHttpClient(testKit.system(), gatewayKey.signer().orElseThrow(), Duration.ofSeconds(5));
    AttestationClient.Challenger real = AttestationClient.over((url, json) -> http.postJson(url, json, java.util.Map.of())
        .thenApply(r -> new AttestationClient.Answer(r.status(), r.body())));
    AttestationClient.Challenger counting = (endpoint, nonce) -> {
      nonces.add(nonce);
      return real.challenge(endpoint, nonce);
    };
    return new Attestations(LiveTrust.of(view), counting, clock, Duration.ofSeconds(60), Duration.ofSeconds(30));
  }

  static TrustVerdict activate(Attestations attestations, ObjectNode obligations) throws Exception {
    var intent = new ExecutionIntent("01exec", new Caller("partner-a", "agent-7", Caller.PRINCIPAL),
        new TargetRef("acme", "billing-prod"), "invoice.create", "invoices/1", Json.object(), null, 30,
        "sha256:" + "00".repeat(32), List.of("invoker"));
    var permit = new GovernanceVerdict.Permit(1, "sha256:" + "11".repeat(32), List.of("r1"), obligations, 0, "ok");
    return attestations.activate(intent, new IssuedArtifact("h.p.s", "01exec", 0, 60), permit)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static void assertRefused(TrustVerdict verdict, String reason, String detailPart) {
    var refused = assertInstanceOf(TrustVerdict.Refused.class, verdict);
    assertEquals(reason, refused.reason());
    assertTrue(refused.detail().contains(detailPart), refused.detail());
  }

  @Test
  void activate_demoTarget_bindsVerifiedAttestation() throws Exception {
    var target = demoTarget(envKey, Clock.systemUTC());
    var verdict = assertInstanceOf(TrustVerdict.Activated.class,
        activate(attestations(view(target.endpoint().toString(), envKey, 30)), Json.object()));
    assertTrue(Digests.isDigestString(verdict.evidenceDigest()));
    assertEquals(DemoTarget.IMAGE, verdict.measurements().get("image").asText());
    assertEquals(1, nonces.size());
    assertEquals(32, Encoding.fromB64url(nonces.get(0)).length);
  }

  @Test
  void activate_withinInterval_bindsCachedAttestationWithoutChallenge() throws Exception {
    var target = demoTarget(envKey, clock);
    Attestations attestations = attestations(view(target.endpoint().toString(), envKey, 30));
    var first = assertInstanceOf(TrustVerdict.Activated.class, activate(attestations, Json.object()));
    clock.advance(Duration.ofSeconds(10));
    var second = assertInstanceOf(TrustVerdict.Activated.class, activate(attestations, Json.object()));
    assertEquals(first.evidenceDigest(), second.evidenceDigest());
    assertTrue(second.ageMillis() >= 10_000);
    assertEquals(1, nonces.size());
    var third = assertInstanceOf(TrustVerdict.Activated.class,
        activate(attestations, Json.object().put("attestEverySeconds", 5)));
    assertEquals(2, nonces.size(), "an obligation stricter than the cached age challenges again");
    assertTrue(third.ageMillis() < 5_000);
  }

  @Test
  void activate_freshAttestationObligation_challengesWithArtifactDigest() throws Exception {
    var target = demoTarget(envKey, Clock.systemUTC());
    Attestations attestations = attestations(view(target.endpoint().toString(), envKey, 30));
    activate(attestations, Json.object());
    assertInstanceOf(TrustVerdict.Activated.class, activate(attestations, Json.object().put("freshAttestation", true)));
    assertEquals(2, nonces.size());
    assertEquals(Encoding.b64url(Digests.sha256("h.p.s".getBytes(StandardCharsets.UTF_8))), nonces.get(1));
  }

  @Test
  void activate_changedMeasurement_isRefusedNamingIt() throws Exception {
    var target = demoTarget(envKey, Clock.systemUTC());
    target.measurements().put("image", DemoTarget.TAMPERED_IMAGE);
    Attestations attestations = attestations(view(target.endpoint().toString(), envKey, 30));
    assertRefused(activate(attestations, Json.object()), Attestations.ATTESTATION, "measurement-mismatch:image");
    ObjectNode onlyConfig = Json.object();
    onlyConfig.putArray("requireMeasurements").add("config");
    assertInstanceOf(TrustVerdict.Activated.class, activate(attestations, onlyConfig));
    ObjectNode unknown = Json.object();
    unknown.putArray("requireMeasurements").add("kernel");
    assertRefused(activate(attestations, unknown), Attestations.ATTESTATION, "kernel");
  }

  @Test
  void activate_targetWithAnotherKey_isRefusedBadSignature() throws Exception {
    var target = demoTarget(Jwk.generate(ENV), Clock.systemUTC());
    assertRefused(activate(attestations(view(target.endpoint().toString(), envKey, 30)), Json.object()),
        Attestations.ATTESTATION, "bad-signature");
  }

  @Test
  void activate_staleAttestation_isRefused() throws Exception {
    var target = demoTarget(envKey, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-120)));
    assertRefused(activate(attestations(view(target.endpoint().toString(), envKey, 30)), Json.object()),
        Attestations.ATTESTATION, "stale");
  }

  ObjectNode honest(String nonce) {
    return new AttestationSigner(envKey.signer().orElseThrow(), Clock.systemUTC()).attest(nonce, DemoTarget.referenceMeasurements());
  }

  TrustVerdict rogue(java.util.function.Function<String, ObjectNode> answer) throws Exception {
    RogueTarget rogue = new RogueTarget(answer);
    closing.add(rogue);
    return activate(attestations(view(rogue.endpoint(), envKey, 30)), Json.object());
  }

  @Test
  void activate_tamperedPayload_isRefusedBadSignature() throws Exception {
    assertRefused(rogue(nonce -> {
      ObjectNode envelope = honest(nonce);
      String payload = new String(java.util.Base64.getDecoder().decode(envelope.get("payload").asText()), StandardCharsets.UTF_8);
      String tampered = payload.replace(DemoTarget.IMAGE, DemoTarget.TAMPERED_IMAGE);
      return envelope.put("payload", java.util.Base64.getEncoder().encodeToString(tampered.getBytes(StandardCharsets.UTF_8)));
    }), Attestations.ATTESTATION, "bad-signature");
  }

  @Test
  void activate_twoSignatures_isRefused() throws Exception {
    assertRefused(rogue(nonce -> {
      ObjectNode envelope = honest(nonce);
      ArrayNode signatures = (ArrayNode) envelope.get("signatures");
      signatures.add(signatures.get(0).deepCopy());
      return envelope;
    }), Attestations.ATTESTATION, "signature-count");
  }

  @Test
  void activate_signatureKeyIdOfOtherEnvironment_isRefusedWrongKey() throws Exception {
    Signer other = Jwk.generate("acme/other").signer().orElseThrow();
    assertRefused(rogue(nonce -> new AttestationSigner(other, Clock.systemUTC()).attest(nonce, DemoTarget.referenceMeasurements())),
        Attestations.ATTESTATION, "wrong-key");
  }

  @Test
  void activate_answerToAnotherNonce_isRefused() throws Exception {
    assertRefused(rogue(nonce -> honest(Encoding.b64url(new byte[32]))), Attestations.ATTESTATION, "nonce-mismatch");
  }

  @Test
  void activate_unreachableEndpoint_isRefused() throws Exception {
    assertRefused(activate(attestations(view("http://127.0.0.1:1", envKey, 30)), Json.object()),
        Attestations.ATTESTATION, "could not be reached");
  }

  @Test
  void activate_unregisteredRevokedOrSuspended_isRefusedTrustRevoked() throws Exception {
    TrustView registered = view("http://127.0.0.1:1", envKey, 30);
    assertRefused(activate(attestations(TrustView.EMPTY), Json.object()), Attestations.REVOKED, "not registered");
    assertRefused(activate(attestations(registered.with(new Revocation(Revocation.ENVIRONMENT, ENV, "decommissioned",
        "2026-11-27T09:00:00.000Z", 1))), Json.object()), Attestations.REVOKED, "revoked");
    DomainSnapshot acme = registered.domain("acme").orElseThrow();
    assertRefused(activate(attestations(registered.with(new DomainSnapshot("acme", 2, acme.document(), true, "audit",
        "11".repeat(32), acme.updatedAt()))), Json.object()), Attestations.REVOKED, "suspended");
    assertEquals(0, nonces.size());
  }
}

package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Dsse;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.crypto.Encoding;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The gateway's check of an attestation envelope made by {@link AttestationSigner}: a well-formed
 * DSSE envelope of the right type; exactly one signature; its keyid the expected environment; the
 * signature valid over the PAE with the registered key; the payload's environment and nonce as
 * expected; {@code issuedAt} no older than the freshness bound (and not in the future beyond a
 * small leeway); every required measurement present and equal to its reference. A failure names the
 * first check that failed.
 */
public final class AttestationVerifier {
  /** Largest envelope accepted, in bytes of JSON. */
  public static final int MAX_ENVELOPE_BYTES = 64 * 1024;

  /** Most measurements accepted in one payload. */
  public static final int MAX_MEASUREMENTS = 64;

  /** How far in the future {@code issuedAt} may be, for clock differences. */
  public static final Duration FUTURE_LEEWAY = Duration.ofSeconds(5);

  private static final Set<String> ENVELOPE_MEMBERS =
      Set.of("payloadType", "payload", "signatures");

  /** What the gateway expects of this attestation. */
  public record Expectation(
      String environmentId,
      Ed25519PublicKey key,
      String nonce,
      Map<String, String> requiredMeasurements,
      Duration maxAge) {
    public Expectation {
      requiredMeasurements = Map.copyOf(requiredMeasurements);
    }
  }

  /** The outcome: the verified evidence, or the name of the failed check. */
  public sealed interface Result permits Verified, Failed {}

  /** A verified attestation; {@code evidenceDigest} is {@code sha256:} of the JCS envelope. */
  public record Verified(
      String environment,
      String nonce,
      Instant issuedAt,
      Map<String, String> measurements,
      String evidenceDigest)
      implements Result {}

  /**
   * The failed check: {@code bad-envelope}, {@code signature-count}, {@code wrong-key}, {@code
   * bad-signature}, {@code environment-mismatch}, {@code nonce-mismatch}, {@code stale}, {@code
   * missing-measurement:<name>} or {@code measurement-mismatch:<name>}.
   */
  public record Failed(String check, String detail) implements Result {}

  private final Clock clock;

  public AttestationVerifier(Clock clock) {
    this.clock = clock;
  }

  public Result verify(String envelopeJson, Expectation expected) {
    if (envelopeJson == null || envelopeJson.length() > MAX_ENVELOPE_BYTES) {
      return new Failed("bad-envelope", "envelope missing or larger than " + MAX_ENVELOPE_BYTES);
    }
    try {
      return verify(Json.parse(envelopeJson), expected);
    } catch (IOException e) {
      return new Failed("bad-envelope", "envelope is not JSON");
    }
  }

  public Result verify(JsonNode envelope, Expectation expected) {
    try {
      return check(envelope, expected);
    } catch (TargetContractException e) {
      return new Failed(e.check(), e.detail());
    }
  }

  private Verified check(JsonNode envelope, Expectation expected) throws TargetContractException {
    if (envelope == null || !envelope.isObject()) {
      throw new TargetContractException("bad-envelope", "envelope is not a JSON object");
    }
    for (Iterator<String> names = envelope.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ENVELOPE_MEMBERS.contains(name)) {
        throw new TargetContractException("bad-envelope", "unknown envelope member " + name);
      }
    }
    if (!AttestationSigner.PAYLOAD_TYPE.equals(envelope.path("payloadType").asText(null))) {
      throw new TargetContractException(
          "bad-envelope", "payloadType must be " + AttestationSigner.PAYLOAD_TYPE);
    }
    byte[] payloadBytes = base64(envelope.get("payload"), "payload");
    JsonNode signatures = envelope.get("signatures");
    if (signatures == null || !signatures.isArray()) {
      throw new TargetContractException("bad-envelope", "signatures must be an array");
    }
    if (signatures.size() != 1) {
      throw new TargetContractException(
          "signature-count", "expected exactly one signature, got " + signatures.size());
    }
    JsonNode signature = signatures.get(0);
    if (!expected.environmentId().equals(signature.path("keyid").asText(null))) {
      throw new TargetContractException(
          "wrong-key", "signature keyid is not " + expected.environmentId());
    }
    byte[] sig = base64(signature.get("sig"), "signatures[0].sig");
    if (!expected.key().verify(Dsse.pae(AttestationSigner.PAYLOAD_TYPE, payloadBytes), sig)) {
      throw new TargetContractException(
          "bad-signature", "signature does not verify with the environment key");
    }
    JsonNode payload;
    try {
      payload = Json.parse(payloadBytes);
    } catch (IOException e) {
      throw new TargetContractException("bad-envelope", "payload is not JSON");
    }
    if (!expected.environmentId().equals(payload.path("environment").asText(null))) {
      throw new TargetContractException(
          "environment-mismatch", "payload environment is not " + expected.environmentId());
    }
    String nonce = payload.path("nonce").asText(null);
    if (!expected.nonce().equals(nonce)) {
      throw new TargetContractException(
          "nonce-mismatch", "payload nonce does not answer the challenge");
    }
    Instant issuedAt = freshIssuedAt(payload.path("issuedAt").asText(null), expected.maxAge());
    Map<String, String> measurements = measurements(payload.get("measurements"));
    for (Map.Entry<String, String> required :
        new TreeMap<>(expected.requiredMeasurements()).entrySet()) {
      String actual = measurements.get(required.getKey());
      if (actual == null) {
        throw new TargetContractException(
            "missing-measurement:" + required.getKey(), "measurement absent");
      }
      if (!actual.equals(required.getValue())) {
        throw new TargetContractException(
            "measurement-mismatch:" + required.getKey(),
            "measured " + actual + ", reference " + required.getValue());
      }
    }
    return new Verified(
        expected.environmentId(), nonce, issuedAt, measurements, Digests.digestOfJson(envelope));
  }

  private Instant freshIssuedAt(String text, Duration maxAge) throws TargetContractException {
    Instant issuedAt;
    try {
      issuedAt = Instant.parse(text == null ? "" : text);
    } catch (DateTimeParseException e) {
      throw new TargetContractException(
          "bad-envelope", "issuedAt is not an RFC 3339 UTC timestamp");
    }
    Instant now = clock.instant();
    if (issuedAt.isAfter(now.plus(FUTURE_LEEWAY))) {
      throw new TargetContractException("stale", "issuedAt " + issuedAt + " is in the future");
    }
    if (issuedAt.isBefore(now.minus(maxAge))) {
      throw new TargetContractException(
          "stale", "issuedAt " + issuedAt + " is older than " + maxAge.getSeconds() + " s");
    }
    return issuedAt;
  }

  private static Map<String, String> measurements(JsonNode node) throws TargetContractException {
    if (node == null || !node.isObject() || node.size() > MAX_MEASUREMENTS) {
      throw new TargetContractException(
          "bad-envelope", "measurements must be an object of at most " + MAX_MEASUREMENTS);
    }
    Map<String, String> values = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isTextual()) {
        throw new TargetContractException(
            "bad-envelope", "measurement " + entry.getKey() + " is not a string");
      }
      values.put(entry.getKey(), entry.getValue().asText());
    }
    return Map.copyOf(values);
  }

  private static byte[] base64(JsonNode node, String member) throws TargetContractException {
    if (node == null || !node.isTextual()) {
      throw new TargetContractException("bad-envelope", member + " must be a base64 string");
    }
    try {
      return Encoding.fromB64(node.asText());
    } catch (CryptoException e) {
      throw new TargetContractException("bad-envelope", member + " is not base64");
    }
  }
}

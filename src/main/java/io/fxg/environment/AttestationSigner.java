package io.fxg.environment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Dsse;
import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jcs;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers an attestation challenge: a DSSE envelope of type {@value #PAYLOAD_TYPE} whose payload is
 * the JCS bytes of {@code {"environment","nonce","issuedAt","measurements"}}, with one signature by
 * the environment key over the DSSE pre-authentication encoding. The signer's key id is the
 * environment id {@code DOMAIN/ENVIRONMENT}; it is both the envelope {@code keyid} and the payload
 * {@code environment}.
 */
public final class AttestationSigner {
  public static final String PAYLOAD_TYPE = "application/vnd.fxg.attestation.v1+json";

  private final Signer environmentKey;
  private final Clock clock;

  public AttestationSigner(Signer environmentKey, Clock clock) {
    if (environmentKey.keyId() == null || environmentKey.keyId().indexOf('/') < 0) {
      throw new IllegalArgumentException("the environment key id is DOMAIN/ENVIRONMENT");
    }
    this.environmentKey = environmentKey;
    this.clock = clock;
  }

  /** The signed envelope for this nonce and these measurements (name to {@code sha256:<hex>}). */
  public ObjectNode attest(String nonce, Map<String, String> measurements) {
    ObjectNode payload = Json.object();
    payload.put("environment", environmentKey.keyId());
    payload.put("nonce", nonce);
    payload.put("issuedAt", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
    ObjectNode values = payload.putObject("measurements");
    new TreeMap<>(measurements).forEach(values::put);
    byte[] payloadBytes = Jcs.canonicalize(payload);
    byte[] signature = environmentKey.sign(Dsse.pae(PAYLOAD_TYPE, payloadBytes));

    ObjectNode envelope = Json.object();
    envelope.put("payloadType", PAYLOAD_TYPE);
    envelope.put("payload", Encoding.b64(payloadBytes));
    ArrayNode signatures = envelope.putArray("signatures");
    signatures.addObject().put("keyid", environmentKey.keyId()).put("sig", Encoding.b64(signature));
    return envelope;
  }
}

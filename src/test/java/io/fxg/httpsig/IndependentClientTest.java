package io.fxg.httpsig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client written from the RFC text alone, sharing nothing with MessageSigner or SignatureBase: it
 * hashes, writes the signature base and the two fields by hand. The verifier must accept it, which
 * shows that a third party can sign for fxg with no fxg code.
 */
class IndependentClientTest {

  /** The hand-written client: RFC 9530 digest, RFC 9421 base, Ed25519 over the base. */
  static Map<String, List<String>> signByHand(
      Signer key, String method, String path, String query, byte[] body, long created, String nonce)
      throws Exception {
    String digest =
        "sha-256=:"
            + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body))
            + ":";
    String params =
        "(\"@method\" \"@path\" \"@query\" \"content-digest\");created="
            + created
            + ";keyid=\""
            + key.keyId()
            + "\";alg=\"ed25519\";nonce=\""
            + nonce
            + "\"";
    String base =
        "\"@method\": "
            + method
            + "\n"
            + "\"@path\": "
            + path
            + "\n"
            + "\"@query\": ?"
            + query
            + "\n"
            + "\"content-digest\": "
            + digest
            + "\n"
            + "\"@signature-params\": "
            + params;
    byte[] signature = key.sign(base.getBytes(StandardCharsets.US_ASCII));
    return Map.of(
        "Content-Type", List.of("application/json"),
        "Content-Digest", List.of(digest),
        "Signature-Input", List.of("client=" + params),
        "Signature", List.of("client=:" + Base64.getEncoder().encodeToString(signature) + ":"));
  }

  @Test
  void verify_handSignedPostWithBody_isAccepted() throws Exception {
    Signer key = Jwk.generate("partner-a/agent-7").signer().orElseThrow();
    Instant now = Instant.parse("2026-11-27T09:00:00Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    byte[] body =
        "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},\"action\":\"invoice.create\"}"
            .getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers =
        signByHand(
            key,
            "POST",
            "/v1/executions",
            "wait=10",
            body,
            now.getEpochSecond() - 2,
            "n0nce-f0r-the-independent-client");
    SignedRequestView request =
        SignedRequestView.of("POST", "/v1/executions", "wait=10", headers, body);
    MessageVerifier verifier =
        MessageVerifier.create(
            KeyResolver.of(Map.of("partner-a/agent-7", key.publicKey())),
            InMemoryNonceRegistry.create(clock),
            clock);
    Verification.Verified verified =
        assertInstanceOf(Verification.Verified.class, verifier.verify(request));
    assertEquals("partner-a/agent-7", verified.keyId());
    assertEquals("client", verified.label());
  }
}

package io.fxg.httpsig;

import static io.fxg.httpsig.TestSigning.CLOCK;
import static io.fxg.httpsig.TestSigning.NOW;
import static io.fxg.httpsig.TestSigning.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The header fields MessageSigner produces, checked as text. */
class MessageSignerTest {
  static final Signer AGENT = Jwk.generate("partner-a/agent-7").signer().orElseThrow();

  @Test
  void sign_postWithBodyAndQuery_coversDigestAndQueryInSpecOrder() throws Exception {
    SignatureHeaders headers =
        MessageSigner.create(AGENT, CLOCK)
            .sign(request("POST", "/v1/executions", "wait=5", "{\"a\":1}"));
    assertEquals(ContentDigest.sha256("{\"a\":1}".getBytes()), headers.contentDigest());
    SignatureInput input = SignatureInput.parseField(headers.signatureInput()).get("sig1");
    assertEquals(List.of("@method", "@path", "@query", "content-digest"), input.components());
    assertEquals(List.of("created", "keyid", "alg", "nonce"), List.copyOf(input.params().keySet()));
    assertEquals(NOW.getEpochSecond(), input.created().getAsLong());
    assertEquals("partner-a/agent-7", input.keyId().orElseThrow());
    assertEquals("ed25519", input.alg().orElseThrow());
    assertEquals(
        MessageSigner.NONCE_BYTES, Encoding.fromB64url(input.nonce().orElseThrow()).length);
    assertTrue(headers.signature().startsWith("sig1=:") && headers.signature().endsWith(":"));
    assertEquals(
        List.of("Content-Digest", "Signature-Input", "Signature"),
        List.copyOf(headers.asMap().keySet()));
  }

  @Test
  void sign_getWithoutBody_coversMethodAndPathOnly() throws Exception {
    SignatureHeaders headers =
        MessageSigner.create(AGENT, CLOCK)
            .withLabel("fxg")
            .sign(request("GET", "/v1/executions/x", null, null));
    assertNull(headers.contentDigest());
    assertTrue(
        headers.signatureInput().startsWith("fxg=(\"@method\" \"@path\");created="),
        headers.signatureInput());
  }

  @Test
  void sign_twice_usesFreshNonces() throws Exception {
    MessageSigner signer = MessageSigner.create(AGENT, CLOCK);
    SignatureHeaders a = signer.sign(request("GET", "/", null, null));
    SignatureHeaders b = signer.sign(request("GET", "/", null, null));
    assertNotEquals(
        SignatureInput.parseField(a.signatureInput()).get("sig1").nonce(),
        SignatureInput.parseField(b.signatureInput()).get("sig1").nonce());
  }

  @Test
  void withLabel_notAnSfKey_isRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MessageSigner.create(AGENT, CLOCK).withLabel("Sig 1"));
  }
}

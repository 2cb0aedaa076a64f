package io.fxg.httpsig;

import io.fxg.crypto.Signer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Fixtures for the verifier tests: requests, and signatures with any components and parameters. */
final class TestSigning {
  static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private TestSigning() {}

  static SignedRequestView request(String method, String path, String query, String body) {
    return SignedRequestView.of(
        method,
        path,
        query,
        Map.of("Host", List.of("gateway.example"), "Content-Type", List.of("application/json")),
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  static SignedRequestView apply(SignedRequestView request, SignatureHeaders headers) {
    SignedRequestView signed = request;
    for (Map.Entry<String, String> header : headers.asMap().entrySet()) {
      signed = signed.withHeader(header.getKey(), header.getValue());
    }
    return signed;
  }

  /**
   * Signs with exactly the given components and parameters (which may break the fxg profile), so
   * tests can produce validly signed requests that the verifier must still refuse. Sets
   * Content-Digest for a non-empty body unless the request already has one.
   */
  static SignedRequestView signCustom(
      SignedRequestView request,
      Signer signer,
      String label,
      List<String> components,
      Map<String, Object> params)
      throws HttpSignatureException {
    SignedRequestView view = request;
    if (request.hasBody() && request.header("content-digest") == null) {
      view = view.withHeader("Content-Digest", ContentDigest.sha256(request.body()));
    }
    SignatureInput input = new SignatureInput(label, components, params);
    byte[] signature = signer.sign(SignatureBase.bytes(view, input));
    return addSignature(
        view, input.serializeMember(), label + "=" + StructuredFields.serializeBareItem(signature));
  }

  /** Appends one more Signature-Input and Signature member to the request. */
  static SignedRequestView addSignature(
      SignedRequestView request, String inputMember, String signatureMember) {
    String inputs = request.header("signature-input");
    String signatures = request.header("signature");
    return request
        .withHeader("Signature-Input", inputs == null ? inputMember : inputs + ", " + inputMember)
        .withHeader(
            "Signature",
            signatures == null ? signatureMember : signatures + ", " + signatureMember);
  }

  /** The SPEC's parameters, in the SPEC's order. */
  static Map<String, Object> params(long created, String keyId, String nonce) {
    Map<String, Object> params = new java.util.LinkedHashMap<>();
    params.put("created", created);
    params.put("keyid", keyId);
    params.put("alg", "ed25519");
    params.put("nonce", nonce);
    return params;
  }
}

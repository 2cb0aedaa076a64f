package io.fxg.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Jws;
import io.fxg.serialization.Json;
import io.fxg.testkit.ProofBundles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** One-change tamperings of a proof bundle's JSON (a parent with one child), by name. */
final class Tampers {
  private Tampers() {}

  /** Every tampering; {@code signer} made the bundle, so re-signed artifacts carry its key. */
  static Map<String, Consumer<ObjectNode>> all(ProofBundles signer) {
    Map<String, Consumer<ObjectNode>> all = new LinkedHashMap<>();
    all.put("record data", b -> record(b, 2).with("data").put("action", "invoice.delete"));
    all.put("record hash", b -> record(b, 3).put("hash", flipHex(record(b, 3).get("hash").asText())));
    all.put("records reordered", b -> {
      ArrayNode records = (ArrayNode) b.get("records");
      JsonNode first = records.remove(0);
      records.insert(1, first);
    });
    all.put("record removed", b -> {
      ((ArrayNode) b.get("records")).remove(4);
      ((ArrayNode) b.get("inclusion")).remove(4);
    });
    all.put("checkpoint signature", b -> {
      String note = b.get("checkpoint").asText();
      int at = note.lastIndexOf(' ') + 10;
      char c = note.charAt(at);
      b.put("checkpoint", note.substring(0, at) + (c == 'A' ? 'B' : 'A') + note.substring(at + 1));
    });
    all.put("checkpoint size", b -> {
      String[] lines = b.get("checkpoint").asText().split("\n", -1);
      lines[1] = String.valueOf(Long.parseLong(lines[1]) + 1);
      b.put("checkpoint", String.join("\n", lines));
    });
    all.put("inclusion sibling", b -> {
      ArrayNode path = (ArrayNode) b.get("inclusion").get(1).get("path");
      path.set(0, path.get(1));
    });
    all.put("inclusion short", b -> {
      ArrayNode path = (ArrayNode) b.get("inclusion").get(3).get("path");
      path.remove(path.size() - 1);
    });
    all.put("inclusion index", b -> {
      ObjectNode proof = (ObjectNode) b.get("inclusion").get(2);
      proof.put("index", proof.get("index").asLong() + 2);
    });
    all.put("inclusion not canonical base64", b -> {
      ArrayNode path = (ArrayNode) b.get("inclusion").get(0).get("path");
      path.set(0, Json.mapper().getNodeFactory().textNode(path.get(0).asText().replace("=", "")));
    });
    all.put("artifact payload", b -> {
      String[] parts = b.get("artifact").asText().split("\\.");
      String payload = claims(b).toString().replace("invoice.create", "invoice.delete");
      b.put("artifact", parts[0] + "." + Encoding.b64url(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2]);
    });
    all.put("artifact by another key", b -> b.put("artifact",
        Jws.sign(Jwk.generate(null).signer().orElseThrow(), "fxg-authz+jwt", claims(b))));
    all.put("artifact claims differ", b -> {
      ObjectNode claims = claims(b);
      claims.with("fxg").put("res", "invoices/2099-01");
      b.put("artifact", signer.sign(claims));
    });
    all.put("artifact missing", b -> b.putNull("artifact"));
    all.put("child record", b -> record((ObjectNode) b.get("children").get(0), 1).with("data").put("policyVersion", 4));
    all.put("bundle log key", b -> b.with("keys").put("log", new ProofBundles().logVerifierKey()));
    all.put("bundle jwks", b -> b.with("keys").set("jwks", new ProofBundles().jwks()));
    all.put("unknown member", b -> b.put("extra", 1));
    all.put("wrong type", b -> record(b, 0).put("seq", "1"));
    return all;
  }

  static ObjectNode record(ObjectNode bundle, int i) {
    return (ObjectNode) bundle.get("records").get(i);
  }

  static ObjectNode claims(ObjectNode bundle) {
    try {
      return (ObjectNode) Jws.unverifiedPayload(bundle.get("artifact").asText());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String flipHex(String hex) {
    return (hex.charAt(0) == '0' ? '1' : '0') + hex.substring(1);
  }
}

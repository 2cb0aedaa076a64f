package io.fxg.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Builders of domain documents and the admin key of a test node. */
public final class Federation {
  private Federation() {}

  /** The admin signer generated into a node's key directory on first start. */
  public static Signer admin(Path keysDir) {
    try {
      return Jwk.parse(Files.readString(keysDir.resolve("admin.private.jwk"))).signer().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode document(String displayName) {
    ObjectNode doc = Json.object();
    doc.put("displayName", displayName);
    doc.putArray("principals");
    doc.putArray("environments");
    return doc;
  }

  public static ObjectNode withPrincipal(ObjectNode doc, String id, Jwk key, String... roles) {
    ObjectNode p = ((ArrayNode) doc.get("principals")).addObject();
    p.put("id", id);
    p.set("jwk", key.publicOnly().withKid(null).toPublicJson());
    ArrayNode rs = p.putArray("roles");
    for (String role : roles) {
      rs.add(role);
    }
    return doc;
  }

  public static ObjectNode withEnvironment(ObjectNode doc, String id, String endpoint, Jwk key,
      Map<String, String> measurements, int attestEverySeconds) {
    ObjectNode e = ((ArrayNode) doc.get("environments")).addObject();
    e.put("id", id);
    e.put("endpoint", endpoint);
    e.set("jwk", key.publicOnly().withKid(null).toPublicJson());
    ObjectNode ms = e.putObject("referenceMeasurements");
    measurements.forEach(ms::put);
    e.put("attestEverySeconds", attestEverySeconds);
    return doc;
  }
}

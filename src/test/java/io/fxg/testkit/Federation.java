package io.fxg.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.environment.DemoTarget;
import io.fxg.environment.TargetEnvironment;
import io.fxg.mcp.McpToolServer;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The domains a {@link GatewayFixture} registers through the admin API before its tests run, and
 * the builders of single domain documents. Ids are {@code DOMAIN/NAME}, as key ids are; the forms
 * without an id take it from the key's {@code kid}. Each {@link #environment} is a demo target the
 * fixture starts on loopback (measurements {@link DemoTarget#referenceMeasurements()}).
 */
public final class Federation {
  /** A demo target environment to start and register. */
  record Target(String id, Jwk key, int attestEverySeconds, UnaryOperator<TargetEnvironment.Builder> customize) {}

  /** An MCP tool server (environment kind {@code mcp}) to start and register. */
  record ToolServer(String id, Jwk key, int attestEverySeconds, UnaryOperator<McpToolServer.Builder> customize) {}

  private final Map<String, String> displayNames = new LinkedHashMap<>();
  private final Map<String, ObjectNode> documents = new LinkedHashMap<>();
  private final List<Target> targets = new ArrayList<>();
  private final List<ToolServer> toolServers = new ArrayList<>();

  private Federation() {}

  /** An empty federation: add domains, principals and environments. */
  public static Federation of() {
    return new Federation();
  }

  /** Names a domain (its display name; without this, the domain id). */
  public Federation domain(String domain, String displayName) {
    displayNames.put(domain, displayName);
    documents.computeIfAbsent(domain, d -> document(displayName)).put("displayName", displayName);
    return this;
  }

  /** A principal with these roles (default {@code invoker}); the id is the key's kid. */
  public Federation principal(Jwk key, String... roles) {
    return principal(key.kid(), key, roles);
  }

  public Federation principal(String id, Jwk key, String... roles) {
    withPrincipal(doc(id), name(id), key, roles.length == 0 ? new String[] {"invoker"} : roles);
    return this;
  }

  /** A demo target the fixture starts, re-attested every 30 s; the id is the key's kid. */
  public Federation environment(Jwk key) {
    return environment(key, 30, b -> b);
  }

  /** The same, re-attested every {@code attestEverySeconds}. */
  public Federation environment(Jwk key, int attestEverySeconds) {
    return environment(key, attestEverySeconds, b -> b);
  }

  /** The same, its builder changed by {@code customize}. */
  public Federation environment(Jwk key, int attestEverySeconds, UnaryOperator<TargetEnvironment.Builder> customize) {
    doc(key.kid());
    targets.add(new Target(key.kid(), key, attestEverySeconds, customize));
    return this;
  }

  /**
   * An MCP tool server the fixture starts ({@link McpToolServer} with {@code customize}'s tools and
   * measurements) and registers as an environment of kind {@code mcp}, with the measurements it
   * was built with as reference; the id is the key's kid.
   */
  public Federation toolServer(Jwk key, int attestEverySeconds, UnaryOperator<McpToolServer.Builder> customize) {
    doc(key.kid());
    toolServers.add(new ToolServer(key.kid(), key, attestEverySeconds, customize));
    return this;
  }

  /** An environment registered at {@code endpoint} with no target started (nothing answers there). */
  public Federation registered(String id, Jwk key, String endpoint, Map<String, String> reference, int attestEverySeconds) {
    withEnvironment(doc(id), name(id), endpoint, key, reference, attestEverySeconds);
    return this;
  }

  List<Target> targets() {
    return targets;
  }

  List<ToolServer> toolServers() {
    return toolServers;
  }

  /** The documents to PUT, by domain, once every target's endpoint is known. */
  Map<String, ObjectNode> documents(Map<String, String> endpoints) {
    return documents(endpoints, Map.of());
  }

  /** The same, with the measurements each started tool server attests. */
  Map<String, ObjectNode> documents(Map<String, String> endpoints, Map<String, Map<String, String>> toolMeasurements) {
    Map<String, ObjectNode> docs = new LinkedHashMap<>();
    documents.forEach((domain, doc) -> docs.put(domain, doc.deepCopy()));
    for (Target target : targets) {
      withEnvironment(docs.get(domain(target.id())), name(target.id()), endpoints.get(target.id()), target.key(),
          DemoTarget.referenceMeasurements(), target.attestEverySeconds());
    }
    for (ToolServer server : toolServers) {
      withEnvironment(docs.get(domain(server.id())), name(server.id()), endpoints.get(server.id()), server.key(),
          toolMeasurements.get(server.id()), server.attestEverySeconds());
      ArrayNode environments = (ArrayNode) docs.get(domain(server.id())).get("environments");
      ((ObjectNode) environments.get(environments.size() - 1)).put("kind", "mcp");
    }
    return docs;
  }

  private ObjectNode doc(String id) {
    return documents.computeIfAbsent(domain(id), d -> document(displayNames.getOrDefault(d, d)));
  }

  static String domain(String id) {
    return id.substring(0, id.indexOf('/'));
  }

  private static String name(String id) {
    return id.substring(id.indexOf('/') + 1);
  }

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

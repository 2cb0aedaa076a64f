package io.fxg.identity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Strict parser of the SPEC section 5 domain document: unknown members, duplicate members, ids
 * outside the SPEC section 3 grammars, JWKs that are not public Ed25519 keys, endpoints that are not
 * plain http(s) URLs, measurements that are not {@code sha256:<hex>}, and anything beyond the size
 * limits below are refused with the offending field named.
 */
public final class DomainDocuments {
  public static final int MAX_DISPLAY_NAME = 200;
  public static final int MAX_PRINCIPALS = 1000;
  public static final int MAX_ENVIRONMENTS = 100;
  public static final int MAX_ROLES = 32;
  public static final int MAX_MEASUREMENTS = 64;
  public static final int MAX_ENDPOINT = 2048;
  public static final int MIN_ATTEST_EVERY_SECONDS = 1;
  public static final int MAX_ATTEST_EVERY_SECONDS = 3600;
  /** Domain names that would collide with other key id kinds ({@code admin/NAME}, {@code gateway/NAME}). */
  public static final Set<String> RESERVED_DOMAINS = Set.of("admin", "gateway");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private DomainDocuments() {}

  /** The domain name from the URL: refused when outside the grammar or reserved. */
  public static String requireDomainName(String domain) throws IdentityException {
    if (!Ids.isDomain(domain)) {
      throw new IdentityException("domain", "must match [a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
    }
    if (RESERVED_DOMAINS.contains(domain)) {
      throw new IdentityException("domain", "\"" + domain + "\" is reserved");
    }
    return domain;
  }

  /**
   * A body read strictly as one JSON object: duplicate members, malformed JSON, parser limits (the
   * member named) and lone surrogates are refused. Shared by the domain and peer documents.
   */
  static JsonNode strictObject(byte[] body) throws IdentityException {
    JsonNode root;
    try {
      root = Json.mapper().reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(body);
    } catch (IOException e) {
      String member = e instanceof JsonProcessingException p ? Json.memberOf(p, body) : null;
      throw new IdentityException(member == null ? "body" : member, (member == null ? "malformed JSON (" : "beyond a limit (")
          + e.getClass().getSimpleName() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IdentityException("body", "must be a JSON object");
    }
    String illFormed = Json.illFormedUnicodeMember(root);
    if (illFormed != null) {
      throw new IdentityException(illFormed, "not well-formed Unicode (a lone surrogate)");
    }
    return root;
  }

  public static DomainDocument parse(String domain, byte[] body) throws IdentityException {
    requireDomainName(domain);
    JsonNode root = strictObject(body);
    only(root, "", Set.of("displayName", "principals", "environments"));
    String displayName = root.has("displayName") ? text(root.get("displayName"), "displayName") : domain;
    if (displayName.isEmpty() || displayName.length() > MAX_DISPLAY_NAME
        || displayName.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IdentityException("displayName", "1 to " + MAX_DISPLAY_NAME + " printable characters");
    }
    Set<String> ids = new HashSet<>();
    List<DomainDocument.Principal> principals = new ArrayList<>();
    JsonNode ps = array(root, "principals", MAX_PRINCIPALS);
    for (int i = 0; i < ps.size(); i++) {
      principals.add(principal(domain, ps.get(i), "principals[" + i + "]", ids));
    }
    List<DomainDocument.Environment> environments = new ArrayList<>();
    JsonNode es = array(root, "environments", MAX_ENVIRONMENTS);
    for (int i = 0; i < es.size(); i++) {
      environments.add(environment(domain, es.get(i), "environments[" + i + "]", ids));
    }
    return new DomainDocument(displayName, principals, environments);
  }

  private static DomainDocument.Principal principal(String domain, JsonNode node, String at, Set<String> ids)
      throws IdentityException {
    object(node, at);
    only(node, at + ".", Set.of("id", "jwk", "roles"));
    String id = id(node, at, ids);
    String x = publicKey(domain + "/" + id, node.get("jwk"), at + ".jwk");
    List<String> roles = new ArrayList<>();
    JsonNode rs = array(node, "roles", MAX_ROLES, at + ".roles");
    for (int i = 0; i < rs.size(); i++) {
      String role = text(rs.get(i), at + ".roles[" + i + "]");
      if (!NAME.matcher(role).matches()) {
        throw new IdentityException(at + ".roles[" + i + "]", "must match " + NAME.pattern());
      }
      if (!roles.contains(role)) {
        roles.add(role);
      }
    }
    return new DomainDocument.Principal(id, x, roles);
  }

  private static DomainDocument.Environment environment(String domain, JsonNode node, String at, Set<String> ids)
      throws IdentityException {
    object(node, at);
    only(node, at + ".", Set.of("id", "endpoint", "jwk", "referenceMeasurements", "attestEverySeconds", "kind"));
    String id = id(node, at, ids);
    String endpoint = endpoint(node.get("endpoint"), at + ".endpoint");
    String x = publicKey(domain + "/" + id, node.get("jwk"), at + ".jwk");
    JsonNode ms = node.get("referenceMeasurements");
    String msAt = at + ".referenceMeasurements";
    if (ms == null || !ms.isObject() || ms.isEmpty() || ms.size() > MAX_MEASUREMENTS) {
      throw new IdentityException(msAt, "required: an object of 1 to " + MAX_MEASUREMENTS + " measurements");
    }
    Map<String, String> measurements = new TreeMap<>();
    for (Map.Entry<String, JsonNode> m : ms.properties()) {
      if (!NAME.matcher(m.getKey()).matches()) {
        throw new IdentityException(msAt + "." + m.getKey(), "name must match " + NAME.pattern());
      }
      String value = text(m.getValue(), msAt + "." + m.getKey());
      if (!Digests.isDigestString(value)) {
        throw new IdentityException(msAt + "." + m.getKey(), "must be sha256:<64 lowercase hex>");
      }
      measurements.put(m.getKey(), value);
    }
    Integer every = null;
    JsonNode e = node.get("attestEverySeconds");
    if (e != null) {
      if (!e.isIntegralNumber() || !e.canConvertToInt() || e.asInt() < MIN_ATTEST_EVERY_SECONDS
          || e.asInt() > MAX_ATTEST_EVERY_SECONDS) {
        throw new IdentityException(at + ".attestEverySeconds",
            "must be an integer from " + MIN_ATTEST_EVERY_SECONDS + " to " + MAX_ATTEST_EVERY_SECONDS);
      }
      every = e.asInt();
    }
    String kind = null;
    JsonNode k = node.get("kind");
    if (k != null) {
      // Only "mcp" is written down: the default (absent) is the fxg target contract, so digests of
      // documents registered before kinds existed do not change.
      if (!k.isTextual() || !DomainDocument.Environment.MCP.equals(k.asText())) {
        throw new IdentityException(at + ".kind", "must be \"mcp\" (or absent for the fxg target contract)");
      }
      kind = k.asText();
    }
    return new DomainDocument.Environment(id, endpoint, x, measurements, every, kind);
  }

  private static String id(JsonNode node, String at, Set<String> ids) throws IdentityException {
    String id = text(node.get("id"), at + ".id");
    if (!Ids.isLocalId(id)) {
      throw new IdentityException(at + ".id", "must match [a-z0-9][a-z0-9._-]{0,63}");
    }
    if (!ids.add(id)) {
      throw new IdentityException(at + ".id", "\"" + id + "\" is used twice (principal and environment ids share the keyid space)");
    }
    return id;
  }

  /** Base64url {@code x} of a public Ed25519 JWK whose kid, if given, is {@code keyId}. */
  private static String publicKey(String keyId, JsonNode node, String at) throws IdentityException {
    if (node == null) {
      throw new IdentityException(at, "required");
    }
    Jwk jwk;
    try {
      jwk = Jwk.parse(node);
    } catch (CryptoException e) {
      throw new IdentityException(e.member().map(member -> at + "." + member).orElse(at), e.problem());
    }
    if (jwk.hasPrivate()) {
      throw new IdentityException(at + ".d", "a private key must never be registered");
    }
    if (jwk.kid() != null && !jwk.kid().equals(keyId)) {
      throw new IdentityException(at + ".kid", "must be " + keyId + " (the key belongs to this domain and id)");
    }
    return Encoding.b64url(jwk.publicKey().raw());
  }

  static String endpoint(JsonNode node, String at) throws IdentityException {
    String text = text(node, at);
    if (text.length() > MAX_ENDPOINT) {
      throw new IdentityException(at, "longer than " + MAX_ENDPOINT + " characters");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IdentityException(at, "not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IdentityException(at, "must be an http or https URL");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IdentityException(at, "must be scheme://host[:port][/path] without user info, query or fragment");
    }
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  static void only(JsonNode node, String prefix, Set<String> allowed) throws IdentityException {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new IdentityException(prefix + name, "unknown field");
      }
    }
  }

  private static void object(JsonNode node, String at) throws IdentityException {
    if (node == null || !node.isObject()) {
      throw new IdentityException(at, "must be an object");
    }
  }

  private static JsonNode array(JsonNode parent, String name, int max) throws IdentityException {
    return array(parent, name, max, name);
  }

  private static JsonNode array(JsonNode parent, String name, int max, String at) throws IdentityException {
    JsonNode node = parent.get(name);
    if (node == null) {
      return Json.mapper().createArrayNode();
    }
    if (!node.isArray() || node.size() > max) {
      throw new IdentityException(at, "must be an array of at most " + max);
    }
    return node;
  }

  static String text(JsonNode node, String at) throws IdentityException {
    if (node == null || !node.isTextual()) {
      throw new IdentityException(at, "required, a string");
    }
    return node.asText();
  }
}

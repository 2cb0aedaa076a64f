package io.fxg.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.crypto.Encoding;
import io.fxg.crypto.Jwk;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict parser of the SPEC section 13 peer document:
 * {@code {"url", "jwks": {"keys": [...]}, "logKey", "witnessKey"?, "domains": [...]}}. Unknown and
 * duplicate members, URLs that are not plain http(s), JWKs that are not public Ed25519 keys (a
 * private {@code d} is never accepted), note keys whose key hash does not match their name and key,
 * and domain names outside the grammar, reserved or repeated are refused with the field named.
 *
 * <p>{@code logKey} is a C2SP signed-note Ed25519 verifier key ({@code <origin>+<8 hex>+<base64(0x01
 * || key)>}); {@code witnessKey} a C2SP {@code tlog-cosignature} witness key (type 0x04, same
 * form). Both are checked completely here (identity does not depend on {@code proof}); the key
 * hash is the first 4 bytes of {@code SHA-256(name || "\n" || type || key)}.
 */
public final class PeerDocuments {
  public static final int MAX_URL = DomainDocuments.MAX_ENDPOINT;
  public static final int MAX_KEYS = 8;
  public static final int MAX_DOMAINS = 100;
  public static final int MAX_KID = 128;
  public static final int MAX_NOTE_KEY = 512;
  /** Signature type of an Ed25519 signed-note (log) key. */
  public static final byte LOG_KEY_TYPE = 0x01;
  /** Signature type of a {@code tlog-cosignature} (cosignature/v1) witness key. */
  public static final byte WITNESS_KEY_TYPE = 0x04;
  private static final Pattern HEX8 = Pattern.compile("[0-9a-f]{8}");

  private PeerDocuments() {}

  /** The peer name from the URL: the domain grammar (SPEC section 3). */
  public static String requirePeerName(String name) throws IdentityException {
    if (!Ids.isDomain(name)) {
      throw new IdentityException("name", "must match [a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
    }
    return name;
  }

  public static PeerDocument parse(String name, byte[] body) throws IdentityException {
    requirePeerName(name);
    JsonNode root = DomainDocuments.strictObject(body);
    DomainDocuments.only(root, "", Set.of("url", "jwks", "logKey", "witnessKey", "domains"));
    String url = DomainDocuments.endpoint(root.get("url"), "url");
    List<PeerDocument.GatewayKey> keys = keys(root.get("jwks"));
    String logKey = noteKey(root.get("logKey"), "logKey", LOG_KEY_TYPE);
    String witnessKey = root.has("witnessKey") ? noteKey(root.get("witnessKey"), "witnessKey", WITNESS_KEY_TYPE) : null;
    return new PeerDocument(url, keys, logKey, witnessKey, domains(root.get("domains")));
  }

  private static List<PeerDocument.GatewayKey> keys(JsonNode jwks) throws IdentityException {
    if (jwks == null || !jwks.isObject()) {
      throw new IdentityException("jwks", "required: a JWK set {\"keys\": [...]}");
    }
    DomainDocuments.only(jwks, "jwks.", Set.of("keys"));
    JsonNode list = jwks.get("keys");
    if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_KEYS) {
      throw new IdentityException("jwks.keys", "required: an array of 1 to " + MAX_KEYS + " keys, the current one first");
    }
    List<PeerDocument.GatewayKey> keys = new ArrayList<>();
    Set<String> kids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "jwks.keys[" + i + "]";
      JsonNode node = list.get(i);
      if (node == null || !node.isObject()) {
        throw new IdentityException(at, "must be an object");
      }
      if (node.has("d")) {
        throw new IdentityException(at + ".d", "a private key must never be uploaded");
      }
      JsonNode kid = node.get("kid");
      if (kid != null && (!kid.isTextual() || kid.asText().isEmpty() || kid.asText().length() > MAX_KID
          || kid.asText().chars().anyMatch(c -> c < 0x21 || c == 0x7f))) {
        throw new IdentityException(at + ".kid", "1 to " + MAX_KID + " printable characters without spaces");
      }
      JsonNode use = node.get("use");
      if (use != null && !"sig".equals(use.asText(null))) {
        throw new IdentityException(at + ".use", "must be \"sig\"");
      }
      Jwk jwk;
      try {
        jwk = Jwk.parse(node);
      } catch (CryptoException e) {
        throw new IdentityException(e.member().map(member -> at + "." + member).orElse(at), e.problem());
      }
      String id = jwk.kid() != null ? jwk.kid() : jwk.thumbprint();
      if (!kids.add(id)) {
        throw new IdentityException(at + ".kid", "\"" + id + "\" is used twice");
      }
      keys.add(new PeerDocument.GatewayKey(id, Encoding.b64url(jwk.publicKey().raw())));
    }
    return keys;
  }

  /** A note key {@code <name>+<8 hex keyhash>+<base64(type || 32-byte Ed25519 key)>}, checked whole. */
  private static String noteKey(JsonNode node, String at, byte type) throws IdentityException {
    String text = DomainDocuments.text(node, at);
    if (text.length() > MAX_NOTE_KEY) {
      throw new IdentityException(at, "longer than " + MAX_NOTE_KEY + " characters");
    }
    int first = text.indexOf('+');
    int second = first < 0 ? -1 : text.indexOf('+', first + 1);
    if (first <= 0 || second < 0) {
      throw new IdentityException(at, "expected <name>+<8 hex key hash>+<base64 key>");
    }
    String name = text.substring(0, first);
    if (name.codePoints().anyMatch(c -> c < 0x21 || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c))) {
      throw new IdentityException(at, "the key name may hold no space or control character");
    }
    String hash = text.substring(first + 1, second);
    if (!HEX8.matcher(hash).matches()) {
      throw new IdentityException(at, "the key hash must be 8 lowercase hex digits");
    }
    byte[] typed;
    try {
      typed = Base64.getDecoder().decode(text.substring(second + 1));
    } catch (IllegalArgumentException e) {
      throw new IdentityException(at, "the key is not base64");
    }
    if (!Base64.getEncoder().encodeToString(typed).equals(text.substring(second + 1))) {
      throw new IdentityException(at, "the key is not canonical padded base64");
    }
    if (typed.length != 33 || typed[0] != type) {
      throw new IdentityException(at, "the key must be 0x" + String.format("%02x", type)
          + " followed by a 32-byte Ed25519 public key");
    }
    byte[] raw = Arrays.copyOfRange(typed, 1, typed.length);
    try {
      Ed25519PublicKey.of(raw);
    } catch (CryptoException e) {
      throw new IdentityException(at, "not an Ed25519 public key");
    }
    if (!hash.equals(keyHash(name, type, raw))) {
      throw new IdentityException(at, "the key hash does not match the name and key");
    }
    return text;
  }

  /** Hex of the first 4 bytes of {@code SHA-256(name || 0x0A || type || key)} (C2SP signed-note). */
  static String keyHash(String name, byte type, byte[] key) {
    MessageDigest digest = Digests.sha256Digest();
    digest.update(name.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
    digest.update(type);
    digest.update(key);
    return Encoding.hex(Arrays.copyOf(digest.digest(), 4));
  }

  private static List<String> domains(JsonNode node) throws IdentityException {
    if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_DOMAINS) {
      throw new IdentityException("domains", "required: an array of 1 to " + MAX_DOMAINS + " domain names");
    }
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = "domains[" + i + "]";
      String domain = DomainDocuments.text(node.get(i), at);
      if (!Ids.isDomain(domain)) {
        throw new IdentityException(at, "must match [a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
      }
      if (DomainDocuments.RESERVED_DOMAINS.contains(domain)) {
        throw new IdentityException(at, "\"" + domain + "\" is reserved");
      }
      if (domains.contains(domain)) {
        throw new IdentityException(at, "\"" + domain + "\" is listed twice");
      }
      domains.add(domain);
    }
    return domains;
  }
}

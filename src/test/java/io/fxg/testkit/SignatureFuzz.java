package io.fxg.testkit;

import io.fxg.crypto.Signer;
import io.fxg.httpsig.ContentDigest;
import io.fxg.httpsig.HttpSignatureException;
import io.fxg.httpsig.SignatureBase;
import io.fxg.httpsig.SignatureInput;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.httpsig.StructuredFields;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Generators ({@link Gen}) of the three signature fields ({@code Signature-Input}, {@code Signature},
 * {@code Content-Digest}): structured-field garbage, one-character mutations of a valid set, and
 * real signatures (by the right key) over inputs that break the SPEC section 4 profile.
 */
public final class SignatureFuzz {
  static final List<String> SF_TOKENS = List.of("sig1", "sig2", "=", "(", ")", "\"@method\"", "\"@path\"",
      "\"@query\"", "\"content-digest\"", "\"@authority\"", ";", "created=", "expires=", "keyid=", "nonce=", "alg=",
      "\"ed25519\"", "\"fuzz/agent-1\"", "\"admin/root\"", ":", "AAAA", "::", "?1", "?0", "*", "-", "1700000000",
      "99999999999999999999", ",", ", ", " ", "\t", "\"", "\\", "sha-256=", "sha-512=", "md5=", "=:", "%",
      "\u00e9", "\u0000", "\u007f", "\ud83d\ude00", "1.5", "tag=", "\"\"", "a".repeat(300));

  private SignatureFuzz() {}

  /**
   * The signature fields of one case. {@code mayPass} is false when the fields are certainly not
   * a valid signature by the right key under the profile: the request must then be refused.
   */
  public record Fields(String kind, Map<String, String> headers, boolean mayPass, byte[] body) {
    Fields(String kind, Map<String, String> headers, boolean mayPass) {
      this(kind, headers, mayPass, null);
    }

    /** The body to send: the request's own unless this case changed it after signing. */
    public byte[] bodyOr(byte[] requestBody) {
      return body == null ? requestBody : body;
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(kind);
      headers.forEach((name, value) -> text.append("\n    ").append(name).append(": ")
          .append(value.length() > 200 ? value.substring(0, 200) + "...(" + value.length() + ")" : value));
      return text.toString();
    }
  }

  /** A request to sign: how the server will see it. */
  public record Request(String method, String path, byte[] body, Signer key) {}

  /** Garbage, mutated and badly-profiled fields for {@code request}, signed afresh each case. */
  public static Gen<Fields> fields(Request request, FuzzNode node) {
    return Gen.frequency(
        Gen.weight(3, garbage(request, node)),
        Gen.weight(3, mutated(request, node)),
        Gen.weight(3, resigned(request)),
        Gen.weight(1, contentMutated(request, node)));
  }

  /** Each field absent, valid or structured-field garbage (at least one not valid). */
  static Gen<Fields> garbage(Request request, FuzzNode node) {
    Gen<Optional<String>> choice = Gen.frequency(
        Gen.weight(1, Gen.constant(Optional.<String>empty())),
        Gen.weight(1, Gen.constant(Optional.of(""))),
        Gen.weight(4, sfGarbage().map(Optional::of)));
    Gen<List<Integer>> which = Gen.ints(0, 2).list(3, 3);
    return r -> {
      List<Integer> modes = which.next(r);
      Optional<String> input = choice.next(r);
      Optional<String> signature = choice.next(r);
      Optional<String> digest = choice.next(r);
      Map<String, String> valid = node.signatureHeaders(request.key(), request.method(), request.path(), request.body());
      Map<String, String> headers = new LinkedHashMap<>();
      pick(headers, "Signature-Input", modes.get(0), valid, input);
      pick(headers, "Signature", modes.get(1), valid, signature);
      pick(headers, "Content-Digest", modes.get(2), valid, digest);
      // Without a body the Content-Digest is not covered, so only the other two decide.
      boolean mayPass = same(headers, valid, "Signature-Input") && same(headers, valid, "Signature")
          && (request.body() == null || same(headers, valid, "Content-Digest"));
      return new Fields("garbage", headers, mayPass);
    };
  }

  private static boolean same(Map<String, String> headers, Map<String, String> valid, String name) {
    return java.util.Objects.equals(headers.get(name), valid.get(name));
  }

  private static void pick(Map<String, String> headers, String name, int mode, Map<String, String> valid,
      Optional<String> garbage) {
    if (mode == 0 && valid.containsKey(name)) {
      headers.put(name, valid.get(name));
    } else if (mode == 1 || !valid.containsKey(name) && mode == 0) {
      garbage.ifPresent(value -> headers.put(name, value));
    }
  }

  /** Text made of structured-field tokens and other characters, up to beyond the header limits. */
  public static Gen<String> sfGarbage() {
    return Gen.frequency(
        Gen.weight(6, Gen.elements(SF_TOKENS).list(0, 30).map(tokens -> String.join("", tokens))),
        Gen.weight(2, Gen.strings(Gen.anyChar(), 0, 100)),
        Gen.weight(1, Gen.ints(1_000, 20_000).map(n -> "sig1=(\"@method\");nonce=\"" + "n".repeat(n) + "\"")));
  }

  /** A valid set with one field changed by one character, truncated, or repeated. */
  static Gen<Fields> mutated(Request request, FuzzNode node) {
    Gen<String> name = Gen.of("Signature-Input", "Signature", "Content-Digest");
    Gen<Integer> position = Gen.ints(0, 10_000);
    Gen<Character> character = Gen.oneOf(Gen.chars('\u0000', '\u007f'),
        Gen.elements(SF_TOKENS).map(token -> token.isEmpty() ? ' ' : token.charAt(0)));
    Gen<Integer> how = Gen.ints(0, 5);
    return r -> {
      String field = name.next(r);
      int at = position.next(r);
      char c = character.next(r);
      int mode = how.next(r);
      Map<String, String> headers = new LinkedHashMap<>(
          node.signatureHeaders(request.key(), request.method(), request.path(), request.body()));
      String value = headers.get(field);
      if (value == null) {
        headers.put(field, String.valueOf(c));
        return new Fields("mutated " + field + " added", headers, true);
      }
      int i = at % value.length();
      String changed = switch (mode) {
        case 0 -> value.substring(0, i) + c + value.substring(i + 1);
        case 1 -> value.substring(0, i) + value.substring(i + 1);
        case 2 -> value.substring(0, i) + c + value.substring(i);
        case 3 -> value.substring(0, i);
        case 4 -> value + ", " + value;
        default -> value.substring(0, i) + Character.toUpperCase(value.charAt(i)) + value.substring(i + 1);
      };
      headers.put(field, changed);
      return new Fields("mutated " + field + " (" + mode + "@" + i + ")", headers, true);
    };
  }

  /** A valid set for the request's body, sent with that body changed in one bit or extended. */
  static Gen<Fields> contentMutated(Request request, FuzzNode node) {
    byte[] signed = request.body() == null ? new byte[0] : request.body();
    Gen<Integer> bits = Gen.ints(0, Math.max(0, signed.length * 8 - 1));
    Gen<Byte> bytes = Gen.bytes();
    return r -> {
      int bit = bits.next(r);
      byte extra = bytes.next(r);
      Map<String, String> headers = node.signatureHeaders(request.key(), request.method(), request.path(), request.body());
      byte[] sent;
      if (signed.length == 0) {
        sent = new byte[] {extra}; // a body the signature does not cover
      } else {
        sent = signed.clone();
        sent[bit / 8] ^= (byte) (1 << (bit % 8));
      }
      return new Fields("content-mutated", headers, false, sent);
    };
  }

  /** A real signature by the request's key over chosen components, parameters and digest. */
  static Gen<Fields> resigned(Request request) {
    Gen<List<String>> components = Gen.of("@method", "@path", "@query", "content-digest",
        "@authority", "@target-uri", "@request-target", "@scheme", "content-type", "content-length", "x-missing")
        .uniqueList(6);
    // Relative to the time of each case (not of the first), so that a long run keeps its verdicts.
    Gen<java.util.function.LongFunction<Optional<Long>>> created = Gen.of(n -> Optional.of(n), n -> Optional.of(n - 250),
        n -> Optional.of(n + 250), n -> Optional.of(n - 400), n -> Optional.of(n + 400), n -> Optional.of(0L),
        n -> Optional.of(-1L), n -> Optional.of(999_999_000_000_000L), n -> Optional.empty());
    Gen<Optional<Long>> expiresIn = Gen.of(Optional.empty(), Optional.of(-1L), Optional.of(60L),
        Optional.of(-100_000L), Optional.of(999_999_999L));
    Gen<Optional<String>> keyId = Gen.of(Optional.of(request.key().keyId()), Optional.of("admin/root"),
        Optional.of("fuzz/env-1"), Optional.of("nobody/x"), Optional.of(""), Optional.of("k".repeat(3000)), Optional.empty());
    Gen<Optional<String>> alg = Gen.of(Optional.of("ed25519"), Optional.of("rsa-pss-sha512"),
        Optional.of(""), Optional.of("ED25519"), Optional.empty());
    Gen<Optional<String>> nonce = Gen.of(Optional.of("fresh"), Optional.of(""), Optional.of("n".repeat(5000)),
        Optional.empty());
    Gen<String> digest = Gen.of("right", "other-body", "sha-512", "garbage", "absent", "unknown-alg");
    return r -> {
      List<String> covered = components.next(r);
      long now = Instant.now().getEpochSecond();
      Optional<Long> createdAt = created.next(r).apply(now);
      Optional<Long> expires = expiresIn.next(r);
      Optional<String> kid = keyId.next(r);
      Optional<String> algorithm = alg.next(r);
      Optional<String> nonceValue = nonce.next(r);
      String digestMode = digest.next(r);
      Map<String, Object> params = new LinkedHashMap<>();
      createdAt.ifPresent(c -> params.put("created", c));
      expires.ifPresent(e -> params.put("expires", createdAt.orElse(now) + e));
      kid.ifPresent(k -> params.put("keyid", k));
      algorithm.ifPresent(a -> params.put("alg", a));
      nonceValue.ifPresent(n -> params.put("nonce", n.equals("fresh") ? UUID.randomUUID().toString() : n));
      return sign(request, covered, params, digestMode, now);
    };
  }

  private static Fields sign(Request request, List<String> covered, Map<String, Object> params, String digestMode, long now) {
    byte[] body = request.body() == null ? new byte[0] : request.body();
    Map<String, String> headers = new LinkedHashMap<>();
    String digest = switch (digestMode) {
      case "right" -> ContentDigest.sha256(body);
      case "other-body" -> ContentDigest.sha256("{}".getBytes(StandardCharsets.UTF_8));
      case "sha-512" -> "sha-512=:" + java.util.Base64.getEncoder().encodeToString(sha512(body)) + ":";
      case "garbage" -> "sha-256=:not base64:";
      case "unknown-alg" -> "md5=:AAAA:";
      default -> null;
    };
    SignedRequestView view = new SignedRequestView(request.method(), "http", "127.0.0.1", request.path(), null,
        Map.of(), body);
    if (digest != null) {
      headers.put("Content-Digest", digest);
      view = view.withHeader("Content-Digest", digest);
    }
    SignatureInput input = new SignatureInput("sig1", covered, params);
    byte[] signature;
    try {
      signature = request.key().sign(SignatureBase.bytes(view, input));
    } catch (HttpSignatureException e) {
      signature = request.key().sign(new byte[] {1});
    }
    headers.put("Signature-Input", input.serializeMember());
    headers.put("Signature", "sig1=" + StructuredFields.serializeBareItem(signature));
    boolean hasBody = body.length > 0;
    Object created = params.get("created");
    boolean compliant = covered.contains("@method") && covered.contains("@path")
        && (!hasBody || covered.contains("content-digest"))
        && (!hasBody || "right".equals(digestMode) || "sha-512".equals(digestMode))
        && request.key().keyId().equals(params.get("keyid"))
        && (!params.containsKey("alg") || "ed25519".equals(params.get("alg")))
        && created instanceof Long c && Math.abs(c - now) <= 300
        && (!params.containsKey("expires") || (Long) params.get("expires") > now)
        && params.get("nonce") instanceof String n && !n.isEmpty()
        && !covered.contains("x-missing");
    return new Fields("resigned " + digestMode, headers, compliant);
  }

  private static byte[] sha512(byte[] body) {
    try {
      return java.security.MessageDigest.getInstance("SHA-512").digest(body);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The headers as {@link RawHttp} takes them, with Content-Type for a body. */
  public static List<Map.Entry<String, String>> entries(Fields fields, boolean body) {
    List<Map.Entry<String, String>> entries = new ArrayList<>();
    if (body) {
      entries.add(Map.entry("Content-Type", "application/json"));
    }
    fields.headers().forEach((name, value) -> entries.add(Map.entry(name, value)));
    return entries;
  }
}

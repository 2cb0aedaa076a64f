package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.crypto.Jws;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks the gateway's authorization artifact (SPEC section 7, Layer 3) before a target runs
 * anything: JWS compact, {@code alg} EdDSA, {@code typ} {@value #TYP}, {@code kid} found in the
 * gateway's JWKS, a valid signature; {@code aud} is this environment; {@code nbf} and {@code exp}
 * bound now (with a small leeway); {@code jti} is the execution id; and the scope matches the
 * request: {@code fxg.act}, {@code fxg.res}, and {@code fxg.params} equal to the {@code sha256:}
 * digest of the JCS parameters.
 */
public final class ArtifactVerifier {
  public static final String TYP = "fxg-authz+jwt";

  /** Default tolerance for {@code nbf} and {@code exp}, for clock differences. */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(5);

  /** Longest artifact accepted, in characters. */
  public static final int MAX_ARTIFACT_LENGTH = 16 * 1024;

  /** What the dispatch asks to run; the artifact must authorize exactly this. */
  public record Scope(String executionId, String action, String resource, JsonNode parameters) {}

  /** The outcome: the verified claims, or the failed check. */
  public sealed interface Result permits Verified, Refused {}

  /** The artifact authorizes the scope; {@code claims} is its verified payload. */
  public record Verified(JsonNode claims, String keyId) implements Result {}

  /**
   * The failed check: {@code malformed}, {@code header}, {@code unknown-key}, {@code
   * bad-signature}, {@code audience}, {@code not-yet-valid}, {@code expired}, {@code execution-id},
   * {@code scope:action}, {@code scope:resource} or {@code scope:params}.
   */
  public record Refused(String check, String detail) implements Result {
    /** Whether the artifact is authentic but for another execution or scope (403, not 401). */
    public boolean isForbidden() {
      return check.equals("audience") || check.equals("execution-id") || check.startsWith("scope:");
    }
  }

  private final String environmentId;
  private final Supplier<JwksKeys> gatewayKeys;
  private final Clock clock;
  private final Duration leeway;

  public ArtifactVerifier(
      String environmentId, Supplier<JwksKeys> gatewayKeys, Clock clock, Duration leeway) {
    this.environmentId = environmentId;
    this.gatewayKeys = gatewayKeys;
    this.clock = clock;
    this.leeway = leeway;
  }

  public Result verify(String artifact, Scope scope) {
    try {
      return check(artifact, scope);
    } catch (TargetContractException e) {
      return new Refused(e.check(), e.detail());
    }
  }

  private Verified check(String artifact, Scope scope) throws TargetContractException {
    if (artifact == null || artifact.isEmpty() || artifact.length() > MAX_ARTIFACT_LENGTH) {
      throw new TargetContractException(
          "malformed", "artifact missing or longer than " + MAX_ARTIFACT_LENGTH);
    }
    JsonNode header;
    try {
      header = Jws.unverifiedHeader(artifact);
    } catch (CryptoException e) {
      throw new TargetContractException("malformed", e.getMessage());
    }
    if (!"EdDSA".equals(header.path("alg").asText()) || !TYP.equals(header.path("typ").asText())) {
      throw new TargetContractException("header", "alg must be EdDSA and typ " + TYP);
    }
    String kid = header.path("kid").asText("");
    Optional<Ed25519PublicKey> key = gatewayKeys.get().find(kid);
    if (key.isEmpty()) {
      throw new TargetContractException(
          "unknown-key", "kid " + kid + " is not in the gateway's JWKS");
    }
    JsonNode claims;
    try {
      claims = Jws.verify(artifact, TYP, k -> key.get()).payload();
    } catch (CryptoException e) {
      throw new TargetContractException("bad-signature", e.getMessage());
    }
    if (!audienceMatches(claims.get("aud"))) {
      throw new TargetContractException("audience", "aud is not " + environmentId);
    }
    long now = clock.instant().getEpochSecond();
    long slack = leeway.getSeconds();
    if (now + slack < seconds(claims, "nbf")) {
      throw new TargetContractException("not-yet-valid", "nbf is after now");
    }
    if (now - slack >= seconds(claims, "exp")) {
      throw new TargetContractException("expired", "exp has passed");
    }
    requireEqual(claims.path("jti"), scope.executionId(), "execution-id", "jti");
    JsonNode fxg = claims.path("fxg");
    requireEqual(fxg.path("act"), scope.action(), "scope:action", "fxg.act");
    requireEqual(fxg.path("res"), scope.resource(), "scope:resource", "fxg.res");
    requireEqual(
        fxg.path("params"), Digests.digestOfJson(scope.parameters()), "scope:params", "fxg.params");
    return new Verified(claims, kid);
  }

  private boolean audienceMatches(JsonNode aud) {
    if (aud != null && aud.isTextual()) {
      return environmentId.equals(aud.asText());
    }
    if (aud != null && aud.isArray()) {
      for (JsonNode entry : aud) {
        if (entry.isTextual() && environmentId.equals(entry.asText())) {
          return true;
        }
      }
    }
    return false;
  }

  private static long seconds(JsonNode claims, String name) throws TargetContractException {
    JsonNode value = claims.get(name);
    if (value == null || !value.isIntegralNumber()) {
      throw new TargetContractException("malformed", name + " must be a NumericDate");
    }
    return value.asLong();
  }

  private static void requireEqual(JsonNode claim, String expected, String check, String name)
      throws TargetContractException {
    if (!claim.isTextual() || !claim.asText().equals(expected)) {
      throw new TargetContractException(check, name + " does not match the request");
    }
  }
}

package io.fxg.proof;

import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.proof.ProofVerificationException.Reason;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Verifies a {@link ProofBundle} offline (SPEC section 10), producing one {@link CheckResult} per
 * check, in this order; the bundle is good only when none fails:
 *
 * <ol>
 *   <li>{@code bundle.format} (only when the JSON cannot be read);
 *   <li>{@code records.hash}: every record's hash recomputed (SHA-256 of its JCS form without
 *       {@code hash});
 *   <li>{@code records.chain}: {@code LineageChain.verify}: ids, seq from 1, {@code prev} links;
 *   <li>{@code checkpoint.signature}: the C2SP checkpoint signed by the log key, origin = key name;
 *   <li>{@code inclusion[i]}: record i's leaf hash {@code SHA-256(0x00 || JCS(record))} at its
 *       index, with its path, leads to the checkpoint root at the checkpoint size; indexes must
 *       rise with seq (the log appends in journal order);
 *   <li>{@code artifact.signature}: JWS {@code alg EdDSA}, {@code typ fxg-authz+jwt}, {@code kid}
 *       found in the JWKS; {@code SKIP} when there is no artifact and no
 *       {@code authorization.issued} record (a denied execution);
 *   <li>{@code artifact.claims}: {@code jti} = executionId, and against the last
 *       {@code authorization.issued} record's {@code data}: {@code jti} = jti,
 *       {@code policyVersion} (integer) = {@code fxg.pol.v}, {@code policyDigest}
 *       ({@code sha256:<hex>}) = {@code fxg.pol.d}, {@code action} = {@code fxg.act},
 *       {@code resource} = {@code fxg.res}; when present, {@code params} = {@code fxg.params} and
 *       {@code artifactDigest} = {@code sha256:} of the compact JWS's ASCII bytes. The last
 *       {@code governance.synchronized} record before it, when its {@code data} has
 *       {@code policyDigest}, must equal {@code fxg.pol.d}. A child's {@code fxg.parent} must be
 *       the parent's execution id;
 *   <li>{@code children[i].<check>}: each child bundle, recursively, with the same keys; a child a
 *       peer gateway served ({@code peer}) with that gateway's keys ({@link #withPeerKeys}, else its
 *       own, with a {@code WARN children[i].keys}), and {@code children[i].link}: the parent's
 *       {@code execution.progress} record with {@code forwardedTo} names that peer and child;
 *       a forward without its child bundle is a {@code WARN children.peer} line;
 *   <li>{@code checkpoint.cosignature[<witness>]}: for each witness required with
 *       {@link #requiringWitnesses}, its valid cosignature/v1 line on the bundle's checkpoint
 *       ({@link WitnessChecks}); without required witnesses, a {@code SKIP checkpoint.cosignatures}
 *       line lists the checkpoint's other signature lines.
 * </ol>
 *
 * <p>Keys supplied to {@link #withKeys} override the bundle's own; a key taken from the bundle
 * adds a {@code WARN keys.jwks} or {@code WARN keys.log} line, since such a bundle proves only
 * that it is self-consistent. Artifact expiry is not checked: proofs are read long after.
 */
public final class ProofBundleVerifier {
  private final Map<String, Ed25519PublicKey> jwks;
  private final NoteVerifier logKey;
  private final List<CosignatureVerifier> witnesses;
  private final Map<String, Ed25519PublicKey> peerJwks;
  private final NoteVerifier peerLogKey;

  private ProofBundleVerifier(Map<String, Ed25519PublicKey> jwks, NoteVerifier logKey,
      List<CosignatureVerifier> witnesses, Map<String, Ed25519PublicKey> peerJwks, NoteVerifier peerLogKey) {
    this.jwks = jwks;
    this.logKey = logKey;
    this.witnesses = List.copyOf(witnesses);
    this.peerJwks = peerJwks;
    this.peerLogKey = peerLogKey;
  }

  /**
   * This verifier, checking child bundles served by a peer gateway against that gateway's
   * independently obtained keys (its {@code /.well-known/jwks.json} and {@code /v1/log/key})
   * instead of the keys the child carries.
   *
   * @throws ProofVerificationException when a key is malformed
   */
  public ProofBundleVerifier withPeerKeys(String jwksJson, String logVerifierKey) throws ProofVerificationException {
    ProofBundleVerifier peer = withKeys(jwksJson, logVerifierKey);
    return new ProofBundleVerifier(jwks, logKey, witnesses, peer.jwks, peer.logKey);
  }

  /**
   * This verifier, also requiring a valid cosignature by each of {@code witnessKeys} (cosignature/v1
   * verifier keys) on the bundle's checkpoint.
   *
   * @throws ProofVerificationException when a witness key is malformed
   */
  public ProofBundleVerifier requiringWitnesses(List<String> witnessKeys) throws ProofVerificationException {
    List<CosignatureVerifier> required = new ArrayList<>(witnesses);
    for (String key : witnessKeys) {
      required.add(CosignatureVerifier.parse(key));
    }
    return new ProofBundleVerifier(jwks, logKey, required, peerJwks, peerLogKey);
  }

  /** A verifier trusting the keys each bundle carries (and saying so in the result). */
  public static ProofBundleVerifier usingBundleKeys() {
    return new ProofBundleVerifier(null, null, List.of(), null, null);
  }

  /**
   * A verifier with independently obtained keys; either may be null to fall back on the bundle's.
   *
   * @param jwksJson the gateway JWK Set, as served at {@code /.well-known/jwks.json}
   * @param logVerifierKey the log's note verifier key, as served at {@code /v1/log/key}
   * @throws ProofVerificationException when a supplied key is malformed
   */
  public static ProofBundleVerifier withKeys(String jwksJson, String logVerifierKey)
      throws ProofVerificationException {
    Map<String, Ed25519PublicKey> jwks = null;
    if (jwksJson != null) {
      try {
        jwks = ArtifactChecks.parseJwks(Json.parse(jwksJson));
      } catch (IOException e) {
        throw new ProofVerificationException(Reason.MALFORMED, "jwks: not JSON", e);
      }
    }
    return new ProofBundleVerifier(
        jwks, logVerifierKey == null ? null : NoteVerifier.parse(logVerifierKey), List.of(), null, null);
  }

  /** Parses and verifies bundle JSON; unreadable JSON is one {@code FAIL bundle.format} line. */
  public Result verify(String bundleJson) {
    try {
      return verify(ProofBundle.parse(bundleJson));
    } catch (ProofVerificationException e) {
      List<CheckResult> checks = new ArrayList<>(keyWarnings());
      checks.add(CheckResult.fail("bundle.format", e.getMessage()));
      return new Result(checks);
    }
  }

  /** Runs every check on the bundle and its children. */
  public Result verify(ProofBundle bundle) {
    List<CheckResult> checks = new ArrayList<>(keyWarnings());
    new BundleChecks(jwks, logKey, peerJwks, peerLogKey, checks).run(bundle, "", null);
    WitnessChecks.run(bundle.checkpoint(), witnesses, checks);
    return new Result(checks);
  }

  private List<CheckResult> keyWarnings() {
    List<CheckResult> warnings = new ArrayList<>();
    if (jwks == null) {
      warnings.add(CheckResult.warn("keys.jwks",
          "no JWKS supplied; using the bundle's own, which proves only self-consistency"));
    }
    if (logKey == null) {
      warnings.add(CheckResult.warn("keys.log",
          "no log key supplied; using the bundle's own, which proves only self-consistency"));
    }
    return warnings;
  }

  /** All check results in order; {@link #ok()} only when none failed. */
  public record Result(List<CheckResult> checks) {
    public Result {
      checks = List.copyOf(checks);
    }

    public boolean ok() {
      return checks.stream().noneMatch(CheckResult::failed)
          && checks.stream().anyMatch(c -> c.status() == CheckResult.Status.PASS);
    }

    public Optional<CheckResult> firstFailure() {
      return checks.stream().filter(CheckResult::failed).findFirst();
    }

    /** One {@code STATUS check: detail} line per check. */
    public String report() {
      return checks.stream().map(CheckResult::toString).collect(Collectors.joining("\n", "", "\n"));
    }
  }
}

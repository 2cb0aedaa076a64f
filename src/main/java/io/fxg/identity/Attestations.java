package io.fxg.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Encoding;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.IssuedArtifact;
import io.fxg.execution.TrustActivation;
import io.fxg.execution.TrustVerdict;
import io.fxg.serialization.Json;
import io.fxg.environment.AttestationVerifier;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Phase 4 (SPEC section 7): binds an execution to a verified, fresh attestation of its target.
 * The environment must be registered, not revoked and its domain not suspended ({@code
 * trust.revoked} otherwise). The latest verified attestation per environment is cached and bound
 * when younger than the stricter of the environment's and the obligation's {@code
 * attestEverySeconds}; otherwise, or with the obligation {@code freshAttestation} (nonce = SHA-256
 * of the artifact), the environment is challenged. Every required measurement ({@code
 * requireMeasurements}, else all references) must equal its reference ({@code trust.attestation}
 * naming the failed check otherwise).
 */
public final class Attestations implements TrustActivation {
  public static final String REVOKED = "trust.revoked";
  public static final String ATTESTATION = "trust.attestation";
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Latest(DomainDocument.Environment registration, AttestationVerifier.Verified verified) {}

  private final Supplier<TrustView> trust;
  private final AttestationClient.Challenger challenger;
  private final AttestationVerifier verifier;
  private final Clock clock;
  private final Duration maxAge;
  private final Duration defaultEvery;
  private final Map<String, Latest> latest = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<AttestationVerifier.Result>> inFlight = new ConcurrentHashMap<>();

  /**
   * @param maxAge {@code fxg.attestation.max-age}: the oldest {@code issuedAt} a fresh answer may carry
   * @param defaultEvery {@code fxg.attestation.default-every}: the interval of environments that set none
   */
  public Attestations(Supplier<TrustView> trust, AttestationClient.Challenger challenger, Clock clock,
      Duration maxAge, Duration defaultEvery) {
    this.trust = trust;
    this.challenger = challenger;
    this.verifier = new AttestationVerifier(clock);
    this.clock = clock;
    this.maxAge = maxAge;
    this.defaultEvery = defaultEvery;
  }

  /**
   * What activation needs: a verdict decided without the target (a refusal, or a fresh cached
   * attestation), or else a challenge ({@code fresh}: bound to this artifact).
   */
  private record Plan(TrustVerdict verdict, TrustView.EnvironmentEntry env, Map<String, String> required,
      long everyMillis, boolean fresh) {
    static Plan decided(TrustVerdict verdict) {
      return new Plan(verdict, null, null, 0, false);
    }
  }

  private Plan plan(ExecutionIntent intent, GovernanceVerdict.Permit permit) {
    String envId = intent.target().id();
    TrustView view = trust.get();
    TrustView.EnvironmentEntry env = view.environment(envId).orElse(null);
    if (env == null) {
      return Plan.decided(new TrustVerdict.Refused(REVOKED, "environment " + envId + " is not registered"));
    }
    if (view.isKeyRevoked(envId)) {
      return Plan.decided(new TrustVerdict.Refused(REVOKED, "environment " + envId + " is revoked"));
    }
    if (view.isSuspended(env.domain())) {
      return Plan.decided(new TrustVerdict.Refused(REVOKED, "domain " + env.domain() + " is suspended"));
    }
    JsonNode obligations = permit.obligations() == null ? Json.object() : permit.obligations();
    Map<String, String> required;
    try {
      required = required(env.environment(), obligations.path("requireMeasurements"));
    } catch (IdentityException e) {
      return Plan.decided(new TrustVerdict.Refused(ATTESTATION, e.getMessage()));
    }
    long everyMillis = everyMillis(env.environment(), obligations.path("attestEverySeconds"));
    if (obligations.path("freshAttestation").asBoolean(false)) {
      return new Plan(null, env, required, Long.MAX_VALUE, true);
    }
    Latest cached = latest.get(envId);
    if (cached != null && cached.registration().equals(env.environment())
        && ageMillis(cached.verified()) < everyMillis && mismatch(cached.verified(), required) == null) {
      return Plan.decided(activated(cached.verified()));
    }
    return new Plan(null, env, required, everyMillis, false);
  }

  @Override
  public CompletionStage<TrustVerdict> activate(ExecutionIntent intent, IssuedArtifact artifact,
      GovernanceVerdict.Permit permit) {
    Plan plan = plan(intent, permit);
    if (plan.verdict() != null) {
      return CompletableFuture.completedFuture(plan.verdict());
    }
    if (plan.fresh()) {
      String nonce = Encoding.b64url(Digests.sha256(artifact.jws().getBytes(StandardCharsets.UTF_8)));
      return challenge(plan.env(), nonce).thenApply(result -> bind(plan.env(), result, plan.required(), Long.MAX_VALUE));
    }
    return shared(plan.env()).thenApply(result -> bind(plan.env(), result, plan.required(), plan.everyMillis()));
  }

  /** Activation from a fresh cached attestation alone, without contacting the target; else empty. */
  @Override
  public java.util.Optional<TrustVerdict.Activated> cachedActivation(ExecutionIntent intent,
      GovernanceVerdict.Permit permit) {
    return plan(intent, permit).verdict() instanceof TrustVerdict.Activated activated
        ? java.util.Optional.of(activated) : java.util.Optional.empty();
  }

  /** One challenge in flight per environment; concurrent activations share its answer. */
  private CompletionStage<AttestationVerifier.Result> shared(TrustView.EnvironmentEntry env) {
    CompletableFuture<AttestationVerifier.Result> mine = new CompletableFuture<>();
    CompletableFuture<AttestationVerifier.Result> running = inFlight.putIfAbsent(env.id(), mine);
    if (running != null) {
      return running;
    }
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    challenge(env, Encoding.b64url(nonce)).whenComplete((result, error) -> {
      inFlight.remove(env.id(), mine);
      mine.complete(result);
    });
    return mine;
  }

  /** Challenges and verifies signature, key, nonce and freshness; measurements are checked by the caller. */
  private CompletionStage<AttestationVerifier.Result> challenge(TrustView.EnvironmentEntry env, String nonce) {
    AttestationVerifier.Expectation expected = new AttestationVerifier.Expectation(env.id(), env.key(), nonce, Map.of(), maxAge);
    return challenger.challenge(env.environment().endpoint(), nonce)
        .thenApply(envelope -> {
          AttestationVerifier.Result result = verifier.verify(envelope, expected);
          if (result instanceof AttestationVerifier.Verified verified) {
            latest.put(env.id(), new Latest(env.environment(), verified));
          }
          return result;
        })
        .exceptionally(error -> new AttestationVerifier.Failed("challenge", rootMessage(error)));
  }

  private TrustVerdict bind(TrustView.EnvironmentEntry env, AttestationVerifier.Result result,
      Map<String, String> required, long everyMillis) {
    if (result instanceof AttestationVerifier.Failed failed) {
      return new TrustVerdict.Refused(ATTESTATION, env.id() + ": " + failed.check() + ": " + failed.detail());
    }
    AttestationVerifier.Verified verified = (AttestationVerifier.Verified) result;
    String mismatch = mismatch(verified, required);
    if (mismatch != null) {
      return new TrustVerdict.Refused(ATTESTATION, env.id() + ": " + mismatch);
    }
    if (ageMillis(verified) >= everyMillis) {
      return new TrustVerdict.Refused(ATTESTATION, env.id() + ": stale: the attestation is "
          + ageMillis(verified) + " ms old, the interval is " + everyMillis + " ms");
    }
    return activated(verified);
  }

  private TrustVerdict.Activated activated(AttestationVerifier.Verified verified) {
    ObjectNode measurements = Json.object();
    new TreeMap<>(verified.measurements()).forEach(measurements::put);
    return new TrustVerdict.Activated(verified.evidenceDigest(), ageMillis(verified), measurements);
  }

  /** The required names with their references: the obligation's list, or every reference. */
  private static Map<String, String> required(DomainDocument.Environment env, JsonNode names) throws IdentityException {
    Map<String, String> required = new TreeMap<>();
    if (!names.isArray() || names.isEmpty()) {
      required.putAll(env.referenceMeasurements());
      return required;
    }
    for (JsonNode name : names) {
      String reference = env.referenceMeasurements().get(name.asText());
      if (reference == null) {
        throw new IdentityException("requireMeasurements",
            "measurement " + name.asText() + " has no registered reference for this environment");
      }
      required.put(name.asText(), reference);
    }
    return required;
  }

  /** The first required measurement that is absent or differs, as the check name and detail. */
  private static String mismatch(AttestationVerifier.Verified verified, Map<String, String> required) {
    for (Map.Entry<String, String> entry : required.entrySet()) {
      String actual = verified.measurements().get(entry.getKey());
      if (actual == null) {
        return "missing-measurement:" + entry.getKey() + ": the attestation does not report it";
      }
      if (!actual.equals(entry.getValue())) {
        return "measurement-mismatch:" + entry.getKey() + ": measured " + actual + ", reference " + entry.getValue();
      }
    }
    return null;
  }

  private long everyMillis(DomainDocument.Environment env, JsonNode obligation) {
    long every = env.attestEverySeconds() == null ? defaultEvery.toMillis() : env.attestEverySeconds() * 1000L;
    if (obligation.isIntegralNumber() && obligation.asLong() > 0) {
      every = Math.min(every, obligation.asLong() * 1000L);
    }
    return every;
  }

  private long ageMillis(AttestationVerifier.Verified verified) {
    return Math.max(0, Duration.between(verified.issuedAt(), clock.instant()).toMillis());
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && !(cause instanceof IdentityException)) {
      cause = cause.getCause();
    }
    return cause instanceof IdentityException e ? e.detail() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}

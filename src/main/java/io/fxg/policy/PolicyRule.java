package io.fxg.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule of a {@link PolicyBundle}, exactly as installed. Patterns are globs ({@code *} matches
 * any run of characters, everything else is literal). Invariant: a {@code PERMIT} rule carries
 * obligations and a {@code FORBID} rule carries none; lists are immutable and non-empty.
 */
public record PolicyRule(
    String id,
    Effect effect,
    CallerPattern caller,
    TargetPattern target,
    List<String> actions,
    List<String> resources,
    Optional<String> condition,
    Optional<Obligations> obligations) {

  /** Whether a matching rule allows or refuses. */
  public enum Effect {
    PERMIT("permit"),
    FORBID("forbid");

    private final String wire;

    Effect(String wire) {
      this.wire = wire;
    }

    /** The JSON spelling, {@code permit} or {@code forbid}. */
    public String wire() {
      return wire;
    }
  }

  /**
   * Who may call: globs over the caller's trust domain and principal id, and over the peer gateway
   * an execution was forwarded from (SPEC section 13). {@code peer} null means the rule has no
   * peer pattern: a permit then matches local callers only, while a forbid matches every caller,
   * local or forwarded (fail closed both ways). With a peer pattern a rule matches forwarded
   * executions only, never local ones.
   */
  public record CallerPattern(String domain, String principal, String peer) {
    public CallerPattern {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(principal, "principal");
    }

    /** A pattern without a peer glob. */
    public CallerPattern(String domain, String principal) {
      this(domain, principal, null);
    }
  }

  /** Where: globs over the target trust domain and environment id. */
  public record TargetPattern(String domain, String environment) {
    public TargetPattern {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(environment, "environment");
    }
  }

  public PolicyRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(target, "target");
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(obligations, "obligations");
    if (actions.isEmpty() || resources.isEmpty()) {
      throw new IllegalArgumentException(
          "rule " + id + ": actions and resources must not be empty");
    }
    if (obligations.isPresent() != (effect == Effect.PERMIT)) {
      throw new IllegalArgumentException(
          "rule " + id + ": obligations belong to permit rules only");
    }
  }
}

package io.fxg.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one policy decision looks at: who calls, which environment, the action, resource and
 * parameters, and the context ({@code now}, {@code risk}, delegation {@code depth}, the caller's
 * roles, the parent execution and the peer gateway it was forwarded from). Build with {@link
 * #builder()}.
 *
 * <p>Invariant: {@code 0 ≤ risk ≤ 100}, {@code depth ≥ 0}; {@code parent} is the parent
 * execution id or the empty string for a root execution (never null); {@code peer} is the peer
 * gateway's registered name for an execution forwarded from it, the empty string for a local one
 * (never null); {@code parameters} is an immutable map already in CEL form (see {@link Builder#parametersJson(JsonNode)}).
 */
public record DecisionInput(
    String callerDomain,
    String callerPrincipal,
    String targetDomain,
    String targetEnvironment,
    String action,
    String resource,
    Map<String, Object> parameters,
    Instant now,
    int risk,
    int depth,
    List<String> callerRoles,
    String parent,
    String peer) {

  public DecisionInput {
    Objects.requireNonNull(callerDomain, "callerDomain");
    Objects.requireNonNull(callerPrincipal, "callerPrincipal");
    Objects.requireNonNull(targetDomain, "targetDomain");
    Objects.requireNonNull(targetEnvironment, "targetEnvironment");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    parameters = ConditionValues.normalizeMap(Objects.requireNonNull(parameters, "parameters"));
    Objects.requireNonNull(now, "now");
    if (risk < 0 || risk > 100) {
      throw new IllegalArgumentException("risk must be between 0 and 100, got " + risk);
    }
    if (depth < 0) {
      throw new IllegalArgumentException("depth must not be negative, got " + depth);
    }
    callerRoles = List.copyOf(callerRoles);
    parent = parent == null ? "" : parent;
    peer = peer == null ? "" : peer;
  }

  /** Whether the execution was forwarded from a peer gateway (SPEC section 13). */
  public boolean forwarded() {
    return !peer.isEmpty();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Fluent construction; every field but parameters, roles, risk, depth, parent and peer is required. */
  public static final class Builder {
    private String callerDomain;
    private String callerPrincipal;
    private String targetDomain;
    private String targetEnvironment;
    private String action;
    private String resource;
    private Map<String, Object> parameters = Map.of();
    private Instant now;
    private int risk;
    private int depth;
    private List<String> callerRoles = List.of();
    private String parent = "";
    private String peer = "";

    private Builder() {}

    public Builder caller(String domain, String principal) {
      this.callerDomain = domain;
      this.callerPrincipal = principal;
      return this;
    }

    public Builder target(String domain, String environment) {
      this.targetDomain = domain;
      this.targetEnvironment = environment;
      return this;
    }

    public Builder action(String action) {
      this.action = action;
      return this;
    }

    public Builder resource(String resource) {
      this.resource = resource;
      return this;
    }

    /** Parameters as Java values (boxed numbers, strings, booleans, lists, maps, null). */
    public Builder parameters(Map<String, ?> parameters) {
      this.parameters = Collections.unmodifiableMap(parameters);
      return this;
    }

    /**
     * Parameters from the request's JSON object: integers become CEL {@code int}, decimals CEL
     * {@code double}, so {@code 250} and {@code 250.0} both compare with {@code < 1000}.
     */
    public Builder parametersJson(JsonNode parameters) {
      this.parameters = ConditionValues.fromJsonObject(parameters);
      return this;
    }

    public Builder now(Instant now) {
      this.now = now;
      return this;
    }

    public Builder risk(int risk) {
      this.risk = risk;
      return this;
    }

    public Builder depth(int depth) {
      this.depth = depth;
      return this;
    }

    public Builder callerRoles(List<String> callerRoles) {
      this.callerRoles = callerRoles;
      return this;
    }

    /** The parent execution id; null or empty for a root execution. */
    public Builder parent(String parent) {
      this.parent = parent;
      return this;
    }

    /** The peer gateway the execution was forwarded from; null or empty for a local one. */
    public Builder peer(String peer) {
      this.peer = peer;
      return this;
    }

    public DecisionInput build() {
      return new DecisionInput(callerDomain, callerPrincipal, targetDomain, targetEnvironment,
          action, resource, parameters, now, risk, depth, callerRoles, parent, peer);
    }
  }
}

package io.fxg.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.util.List;

/**
 * An installed policy: the validated {@link PolicyBundle}, its digest, and every rule compiled for
 * decisions. Immutable and thread-safe; build one with {@link PolicyCompiler} and share it.
 *
 * <p>{@link #decide(DecisionInput)} is deterministic (same bundle, same input, same decision),
 * default-deny and forbid-overrides; see {@code PolicyEngine} for the exact semantics.
 */
public final class CompiledPolicy {
  private final PolicyBundle bundle;
  private final String digest;
  private final ObjectNode json;
  private final PolicyEngine engine;

  CompiledPolicy(PolicyBundle bundle, String digest, List<CompiledRule> rules) {
    this.bundle = bundle;
    this.digest = digest;
    this.json = Json.object();
    json.put("version", bundle.version());
    json.put("digest", digest);
    json.set("rules", bundle.toJson().get("rules"));
    this.engine = new PolicyEngine(rules, bundle.version(), digest);
  }

  public long version() {
    return bundle.version();
  }

  /** {@code sha256:<hex>} of the JCS form of the bundle as installed. */
  public String digest() {
    return digest;
  }

  public PolicyBundle bundle() {
    return bundle;
  }

  /** The {@code GET /v1/policy} document, {@code {"version", "digest", "rules"}}; a fresh copy. */
  public ObjectNode toJson() {
    return json.deepCopy();
  }

  /** Decides one request; never throws for a well-formed input. */
  public Decision decide(DecisionInput input) {
    return engine.decide(input);
  }

  /** A dry run that ignores parameters (listing tools a caller could call); see {@code PolicyEngine#couldPermit}. */
  public Decision couldPermit(DecisionInput input) {
    return engine.couldPermit(input);
  }

  @Override
  public String toString() {
    return "CompiledPolicy[version=" + bundle.version() + ", digest=" + digest
        + ", rules=" + bundle.rules().size() + "]";
  }
}

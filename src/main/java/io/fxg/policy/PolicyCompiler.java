package io.fxg.policy;

import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link PolicyBundle} into a {@link CompiledPolicy}: compiles every rule's CEL condition
 * once, at install time, so decisions never parse. A condition that does not compile, or whose
 * type is not {@code bool}, is refused with a {@link PolicyException} naming the rule, its JSON
 * path ({@code rules[i].condition}) and the 1-based {@code line:column} CEL reports.
 *
 * <p>The CEL declarations and numeric choices are documented on {@code ConditionEnvironment}:
 * {@code request} ({@code action}, {@code resource}, {@code parameters}, {@code caller.domain},
 * {@code caller.principal}, {@code target.domain}, {@code target.environment}) and {@code context}
 * ({@code now}, {@code risk}, {@code depth}, {@code callerRoles}, {@code parent}) are typed, so
 * unknown fields fail at install time; parameters are {@code dyn}; integers and doubles compare
 * with each other.
 *
 * <p>At decision time a condition that fails to evaluate (a missing parameter key, a type
 * mismatch) counts as <em>not satisfied</em> for a permit rule and as <em>matched</em> for a forbid
 * rule: both fail closed.
 */
public final class PolicyCompiler {
  private PolicyCompiler() {}

  /** Compiles a validated bundle. */
  public static CompiledPolicy compile(PolicyBundle bundle) throws PolicyException {
    List<CompiledRule> rules = new ArrayList<>(bundle.rules().size());
    for (int i = 0; i < bundle.rules().size(); i++) {
      PolicyRule rule = bundle.rules().get(i);
      CelRuntime.Program program = null;
      if (rule.condition().isPresent()) {
        program = ConditionEnvironment.compile(
            rule.id(), "rules[" + i + "].condition", rule.condition().get());
      }
      rules.add(new CompiledRule(rule, program));
    }
    return new CompiledPolicy(bundle, bundle.digest(), rules);
  }

  /** Parses, validates and compiles a bundle from JSON text. */
  public static CompiledPolicy compile(String bundleJson) throws PolicyException {
    return compile(PolicyBundle.parse(bundleJson));
  }
}

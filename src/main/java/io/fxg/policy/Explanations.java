package io.fxg.policy;

import java.util.List;
import java.util.Map;

/**
 * Builds the {@link Decision#explanation()} texts. Only {@link #permitted} is on the hot path;
 * denials are rarer and may re-scan rules to say which came closest and why it failed.
 */
final class Explanations {
  private static final int MAX_QUOTED_CONDITION = 160;

  private Explanations() {}

  static String permitted(DecisionInput in, List<CompiledRule> rules) {
    StringBuilder text = new StringBuilder(160).append("permitted: ");
    ruleList(text, rules).append(rules.size() == 1 ? " matches " : " match ");
    return request(text, in).toString();
  }

  static String forbidden(
      DecisionInput in, List<CompiledRule> rules, Map<String, Object> activation) {
    StringBuilder text = new StringBuilder(200).append("denied: ");
    ruleList(text, rules).append(" (forbid) matched ");
    request(text, in);
    for (CompiledRule rule : rules) {
      if (rule.hasCondition() && rule.evaluate(activation) == CompiledRule.Outcome.ERROR) {
        text.append("; rule '").append(rule.id).append("' condition could not be evaluated (")
            .append(rule.evaluationError(activation))
            .append("), and a forbid rule that cannot be evaluated counts as matched");
      }
    }
    return text.toString();
  }

  static String noMatch(DecisionInput in, CompiledRule[] permits) {
    StringBuilder text = new StringBuilder(200).append("denied: no permit rule matches ");
    request(text, in);
    CompiledRule closest = null;
    List<String> closestMisses = null;
    for (CompiledRule rule : permits) {
      List<String> misses = rule.scopeMismatches(in);
      if (closestMisses == null || misses.size() < closestMisses.size()) {
        closest = rule;
        closestMisses = misses;
      }
    }
    if (closest == null) {
      return text.append("; the policy has no permit rule").toString();
    }
    return text.append("; closest rule '").append(closest.id).append("' failed on ")
        .append(String.join(", ", closestMisses)).toString();
  }

  static String conditionNotSatisfied(
      DecisionInput in, CompiledRule[] permits, Map<String, Object> activation) {
    StringBuilder text =
        new StringBuilder(240).append("denied: no permit rule's condition holds for ");
    request(text, in);
    for (CompiledRule rule : permits) {
      if (!rule.scopeMatches(in)) {
        continue;
      }
      text.append("; rule '").append(rule.id).append("' condition ");
      if (rule.evaluate(activation) == CompiledRule.Outcome.ERROR) {
        text.append("could not be evaluated (").append(rule.evaluationError(activation))
            .append("), which counts as not satisfied for a permit");
      } else {
        text.append("is false: ").append(clip(rule.rule.condition().orElse("")));
      }
    }
    return text.toString();
  }

  static String tooDeep(DecisionInput in, List<CompiledRule> rules, int maxDepth) {
    StringBuilder text = new StringBuilder(200).append("denied: delegation depth ")
        .append(in.depth()).append(" exceeds maxDelegationDepth ").append(maxDepth).append(" of ");
    ruleList(text, rules).append(" for ");
    return request(text, in).toString();
  }

  private static StringBuilder ruleList(StringBuilder text, List<CompiledRule> rules) {
    text.append(rules.size() == 1 ? "rule " : "rules ");
    for (int i = 0; i < rules.size(); i++) {
      text.append(i == 0 ? "'" : ", '").append(rules.get(i).id).append('\'');
    }
    return text;
  }

  private static StringBuilder request(StringBuilder text, DecisionInput in) {
    text.append("caller ").append(in.callerDomain()).append('/').append(in.callerPrincipal());
    if (in.forwarded()) {
      text.append(" via peer ").append(in.peer());
    }
    return text.append(" \u2192 ").append(in.targetDomain()).append('/').append(in.targetEnvironment())
        .append(" action ").append(in.action()).append(" on ").append(in.resource());
  }

  private static String clip(String condition) {
    return condition.length() <= MAX_QUOTED_CONDITION
        ? condition
        : condition.substring(0, MAX_QUOTED_CONDITION) + "…";
  }
}

package io.fxg.policy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A realistic 20-rule bundle (14 permits, 6 forbids, 16 with CEL conditions) over a billing,
 * payments, HR, ML and data-lake estate, plus labelled inputs covering every decision reason.
 * Shared by tests and the decision benchmark; no assertions here.
 */
public final class PolicyFixtures {
  /** A Friday, 09:00 UTC. */
  public static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

  /** One input and the reason the fixture bundle gives for it. */
  public record Sample(String name, DecisionInput input, String expectedReason) {}

  private PolicyFixtures() {}

  /** The bundle as JSON text. */
  public static String bundleJson() {
    ObjectNode bundle = Json.object().put("version", 42);
    ArrayNode rules = bundle.putArray("rules");
    rules.add(permit("billing-invoke", "partner-*", "*", "acme", "billing-*", List.of("invoice.*"),
        List.of("invoices/*"), "request.parameters.amount < 1000 && context.risk < 50",
        obligations(60, 15, List.of("image"), 2, false)));
    rules.add(permit("billing-large", "partner-a", "*", "acme", "billing-prod",
        List.of("invoice.create"), List.of("invoices/*"),
        "request.parameters.amount < 100000 && 'finance-approver' in context.callerRoles"
            + " && context.risk < 30",
        obligations(120, 10, List.of("image", "config"), 0, true)));
    rules.add(permit("billing-read", "partner-*", "*", "acme", "billing-*",
        List.of("invoice.read", "invoice.list"), List.of("invoices/*"), "context.risk < 80",
        obligations(30, 30, List.of("image"), 2, false)));
    rules.add(permit("payments-submit", "partner-a", "treasury-*", "acme", "payments-prod",
        List.of("payment.submit"), List.of("payments/*"),
        "request.parameters.currency in ['EUR', 'USD', 'GBP'] && request.parameters.amount <= 50000"
            + " && context.depth == 0",
        obligations(60, 10, List.of("image", "config"), 0, true)));
    rules.add(permit("payments-status", "partner-*", "*", "acme", "payments-*",
        List.of("payment.status"), List.of("payments/*"), null,
        obligations(10, 30, List.of(), 1, false)));
    rules.add(permit("hr-lookup", "acme-internal", "*", "acme", "hr-prod", List.of("employee.read"),
        List.of("employees/*"), "'hr' in context.callerRoles && context.risk < 40",
        obligations(30, 15, List.of("image"), 0, false)));
    rules.add(permit("ml-infer", "globex-ai", "*", "acme", "ml-inference", List.of("model.infer"),
        List.of("models/*"), "context.risk < 60 && request.parameters.tokens <= 8192",
        obligations(300, 30, List.of("image"), 1, false)));
    rules.add(permit("ml-train", "globex-ai", "trainer-*", "acme", "ml-training",
        List.of("model.train", "model.evaluate"), List.of("models/*"),
        "context.now.getHours('UTC') < 6 || context.now.getHours('UTC') >= 22",
        obligations(14400, 300, List.of("image", "gpu-firmware"), 0, false)));
    rules.add(permit("data-export", "partner-b", "*", "acme", "data-lake", List.of("dataset.export"),
        List.of("datasets/public/*"),
        "request.parameters.rows <= 100000 && request.parameters.format in ['csv', 'parquet']",
        obligations(600, 60, List.of("image"), 0, false)));
    rules.add(permit("reports-read", "*", "*", "acme", "reports", List.of("report.read", "report.list"),
        List.of("reports/*"), "context.risk < 90", obligations(60, 60, List.of(), 3, false)));
    rules.add(permit("delegated-payments", "acme", "billing-*", "acme", "payments-prod",
        List.of("payment.submit"), List.of("payments/*"),
        "context.depth >= 1 && context.parent != '' && request.parameters.amount < 5000",
        obligations(30, 10, List.of("image"), 2, true)));
    rules.add(permit("partner-c-sandbox", "partner-c", "*", "acme", "*-staging", List.of("*"),
        List.of("*"), "context.risk < 70", obligations(900, 120, List.of(), 1, false)));
    rules.add(permit("support-ticket", "partner-*", "*", "acme", "support",
        List.of("ticket.create", "ticket.comment"), List.of("tickets/*"),
        "size(request.parameters.body) < 10000", obligations(20, 60, List.of(), 0, false)));
    rules.add(permit("audit-read", "acme-internal", "auditor-*", "acme", "*", List.of("audit.read"),
        List.of("audit/*"), null, obligations(120, 60, List.of("image"), 0, false)));
    rules.add(forbid("no-secrets", "*", "*", List.of("secrets.*"), null));
    rules.add(forbid("high-risk-prod", "acme", "*-prod", List.of("*"), "context.risk >= 85"));
    rules.add(forbid("no-prod-delete", "acme", "*-prod", List.of("*.delete"), null));
    rules.add(forbid("deep-delegation", "*", "*", List.of("*"), "context.depth > 3"));
    rules.add(forbid("embargoed-currency", "acme", "payments-*", List.of("payment.*"),
        "has(request.parameters.currency) && request.parameters.currency in ['XXX', 'XTS']"));
    rules.add(forbid("sunday-hr-freeze", "acme", "hr-prod", List.of("employee.*"),
        "context.now.getDayOfWeek('UTC') == 0"));
    return bundle.toString();
  }

  /** The fixture bundle, compiled. */
  public static CompiledPolicy compiled() {
    try {
      return PolicyCompiler.compile(bundleJson());
    } catch (PolicyException e) {
      throw new IllegalStateException("fixture bundle must compile: " + e.getMessage(), e);
    }
  }

  /** Labelled inputs, a realistic mix of permits and denials of every kind. */
  public static List<Sample> samples() {
    return List.of(
        new Sample("small invoice", input("partner-a", "agent-7", "billing-prod", "invoice.create",
            "invoices/2026-11", Map.of("amount", 250), 10, 0, List.of("invoker")), Decision.PERMITTED),
        new Sample("large invoice by approver", input("partner-a", "agent-7", "billing-prod",
            "invoice.create", "invoices/2026-11", Map.of("amount", 25_000.5), 10, 0,
            List.of("finance-approver")), Decision.PERMITTED),
        new Sample("large invoice without role", input("partner-a", "agent-7", "billing-prod",
            "invoice.create", "invoices/2026-11", Map.of("amount", 25_000), 10, 0, List.of()),
            Decision.CONDITION_NOT_SATISFIED),
        new Sample("invoice list", input("partner-b", "agent-1", "billing-staging", "invoice.list",
            "invoices/all", Map.of(), 20, 0, List.of()), Decision.PERMITTED),
        new Sample("payment", input("partner-a", "treasury-bot", "payments-prod", "payment.submit",
            "payments/p-1", Map.of("currency", "EUR", "amount", 1200), 5, 0, List.of()),
            Decision.PERMITTED),
        new Sample("embargoed payment", input("partner-a", "treasury-bot", "payments-prod",
            "payment.submit", "payments/p-2", Map.of("currency", "XTS", "amount", 1), 5, 0, List.of()),
            Decision.FORBIDDEN),
        new Sample("delegated payment", input("acme", "billing-prod", "payments-prod", "payment.submit",
            "payments/p-3", Map.of("amount", 400), 15, 1, List.of()), Decision.PERMITTED),
        new Sample("inference", input("globex-ai", "agent-3", "ml-inference", "model.infer",
            "models/llm-7", Map.of("tokens", 2048), 30, 0, List.of()), Decision.PERMITTED),
        new Sample("daytime training", input("globex-ai", "trainer-1", "ml-training", "model.train",
            "models/llm-7", Map.of(), 0, 0, List.of()), Decision.CONDITION_NOT_SATISFIED),
        new Sample("secrets", input("partner-a", "agent-7", "billing-prod", "secrets.read",
            "invoices/keys", Map.of(), 0, 0, List.of()), Decision.FORBIDDEN),
        new Sample("high risk", input("partner-a", "agent-7", "billing-prod", "invoice.read",
            "invoices/2026-11", Map.of(), 90, 0, List.of()), Decision.FORBIDDEN),
        new Sample("prod delete", input("partner-c", "agent-2", "billing-prod", "invoice.delete",
            "invoices/2026-11", Map.of(), 0, 0, List.of()), Decision.FORBIDDEN),
        new Sample("sandbox delete", input("partner-c", "agent-2", "billing-staging", "invoice.delete",
            "invoices/2026-11", Map.of(), 0, 0, List.of()), Decision.PERMITTED),
        new Sample("unknown partner action", input("partner-b", "agent-1", "billing-prod",
            "invoice.export", "exports/2026", Map.of(), 0, 0, List.of()), Decision.NO_MATCHING_RULE),
        new Sample("too deep for billing", input("partner-a", "agent-7", "billing-prod",
            "invoice.read", "invoices/2026-11", Map.of(), 10, 3, List.of()),
            Decision.DELEGATION_TOO_DEEP));
  }

  private static DecisionInput input(String callerDomain, String principal, String environment,
      String action, String resource, Map<String, ?> parameters, int risk, int depth,
      List<String> roles) {
    return DecisionInput.builder().caller(callerDomain, principal).target("acme", environment)
        .action(action).resource(resource).parameters(parameters).now(NOW).risk(risk).depth(depth)
        .callerRoles(roles).parent(depth > 0 ? "01JDPARENT0000000000000000" : "").build();
  }

  private static ObjectNode permit(String id, String callerDomain, String principal,
      String targetDomain, String environment, List<String> actions, List<String> resources,
      String condition, ObjectNode obligations) {
    ObjectNode rule = scope(id, "permit", callerDomain, principal, targetDomain, environment,
        actions, resources, condition);
    rule.set("obligations", obligations);
    return rule;
  }

  private static ObjectNode forbid(
      String id, String targetDomain, String environment, List<String> actions, String condition) {
    return scope(id, "forbid", "*", "*", targetDomain, environment, actions, List.of("*"), condition);
  }

  private static ObjectNode scope(String id, String effect, String callerDomain, String principal,
      String targetDomain, String environment, List<String> actions, List<String> resources,
      String condition) {
    ObjectNode rule = Json.object().put("id", id).put("effect", effect);
    rule.putObject("caller").put("domain", callerDomain).put("principal", principal);
    rule.putObject("target").put("domain", targetDomain).put("environment", environment);
    actions.forEach(rule.putArray("actions")::add);
    resources.forEach(rule.putArray("resources")::add);
    if (condition != null) {
      rule.put("condition", condition);
    }
    return rule;
  }

  private static ObjectNode obligations(int maxDuration, int attestEvery, List<String> measurements,
      int maxDepth, boolean fresh) {
    ObjectNode node = Json.object().put("maxDurationSeconds", maxDuration)
        .put("attestEverySeconds", attestEvery);
    measurements.forEach(node.putArray("requireMeasurements")::add);
    return node.put("maxDelegationDepth", maxDepth).put("freshAttestation", fresh);
  }
}

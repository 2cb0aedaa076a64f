package io.fxg.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import java.util.Map;

/**
 * The demo federation: {@code acme} runs the target environment {@code billing-prod} and the MCP
 * tool server {@code tools}; {@code partner-a} and {@code partner-b} send executions and tool calls
 * to them; one policy governs them (tools may read only under {@code /srv/public/}).
 */
final class DemoFederation {
  static final String TARGET_DOMAIN = "acme";
  static final String ENVIRONMENT = "billing-prod";
  /** The demo's MCP tool server, an environment of kind mcp. */
  static final String TOOLS = "tools";

  private DemoFederation() {}

  static ObjectNode targetDomain(Jwk environmentKey, String endpoint, Map<String, String> measurements, Jwk operator) {
    ObjectNode domain = Json.object();
    domain.put("displayName", "ACME Billing");
    ArrayNode principals = domain.putArray("principals");
    principals.add(principal("ops", operator, "operator"));
    ObjectNode environment = domain.putArray("environments").addObject();
    environment.put("id", ENVIRONMENT);
    environment.put("endpoint", endpoint);
    environment.set("jwk", environmentKey.publicOnly().toPublicJson().without("kid"));
    ObjectNode reference = environment.putObject("referenceMeasurements");
    measurements.forEach(reference::put);
    environment.put("attestEverySeconds", 30);
    return domain;
  }

  /** Adds the MCP tool server environment ({@code kind: mcp}) to the target domain's document. */
  static ObjectNode withToolServer(ObjectNode domain, Jwk toolsKey, String endpoint, Map<String, String> measurements) {
    ObjectNode environment = ((ArrayNode) domain.get("environments")).addObject();
    environment.put("id", TOOLS);
    environment.put("kind", "mcp");
    environment.put("endpoint", endpoint);
    environment.set("jwk", toolsKey.publicOnly().toPublicJson().without("kid"));
    ObjectNode reference = environment.putObject("referenceMeasurements");
    measurements.forEach(reference::put);
    environment.put("attestEverySeconds", 30);
    return domain;
  }

  static ObjectNode partnerDomain(String displayName, String principalId, Jwk key) {
    return partnerDomain(displayName, Map.of(principalId, key));
  }

  /** A partner domain with several invoking principals (the demo adds throwaway ones to revoke). */
  static ObjectNode partnerDomain(String displayName, Map<String, Jwk> principals) {
    ObjectNode domain = Json.object();
    domain.put("displayName", displayName);
    ArrayNode array = domain.putArray("principals");
    new java.util.TreeMap<>(principals).forEach((id, key) -> array.add(principal(id, key, "invoker")));
    domain.putArray("environments");
    return domain;
  }

  private static ObjectNode principal(String id, Jwk key, String role) {
    ObjectNode principal = Json.object();
    principal.put("id", id);
    principal.set("jwk", key.publicOnly().toPublicJson().without("kid"));
    principal.putArray("roles").add(role);
    return principal;
  }

  /**
   * Version {@code version} of the demo policy; {@code strict} lowers the amount limit, the risk
   * allowed for reports, and permits only the reports under {@code reports/2026-*}.
   */
  static String policy(long version, boolean strict) {
    int limit = strict ? 100 : 1000;
    return """
        {"version": %d, "rules": [
          {"id": "billing-invoke", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*"},
           "target": {"domain": "acme", "environment": "billing-*"},
           "actions": ["invoice.*"], "resources": ["invoices/*"],
           "condition": "request.parameters.amount < %d && context.risk < 50",
           "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15, "requireMeasurements": ["image"],
                           "maxDelegationDepth": 2, "freshAttestation": false}},
          {"id": "reports", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*"},
           "target": {"domain": "acme", "environment": "billing-*"},
           "actions": ["report.generate"], "resources": ["%s"],
           "condition": "%s",
           "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 15, "requireMeasurements": ["image", "config"],
                           "maxDelegationDepth": 1, "freshAttestation": false}},
          {"id": "mcp-read-public", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*"},
           "target": {"domain": "acme", "environment": "tools"},
           "actions": ["mcp.tool/read_file"], "resources": ["acme/tools"],
           "condition": "request.parameters.path.startsWith('/srv/public/')",
           "obligations": {"maxDurationSeconds": 30, "attestEverySeconds": 30, "requireMeasurements": ["image"],
                           "maxDelegationDepth": 0, "freshAttestation": false}},
          {"id": "mcp-tools", "effect": "permit",
           "caller": {"domain": "partner-*", "principal": "*"},
           "target": {"domain": "acme", "environment": "tools"},
           "actions": ["mcp.tool/echo", "mcp.tool/count_slowly"], "resources": ["acme/tools"],
           "obligations": {"maxDurationSeconds": 60, "attestEverySeconds": 30, "requireMeasurements": ["image"],
                           "maxDelegationDepth": 0, "freshAttestation": false}},
          {"id": "no-deletes", "effect": "forbid",
           "caller": {"domain": "*", "principal": "*"},
           "target": {"domain": "*", "environment": "*"},
           "actions": ["invoice.delete"], "resources": ["*"]}
        ]}
        """.formatted(version, limit, strict ? "reports/2026-*" : "reports/*",
            strict ? "context.risk < 20" : "context.risk < 80");
  }
}

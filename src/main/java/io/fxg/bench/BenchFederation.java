package io.fxg.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import java.util.List;

/**
 * The bench federation: domain {@value #CALLER_DOMAIN} holds the principal keys the load is spread
 * over; domain {@value #TARGET_DOMAIN} runs the bench environments; one policy with a CEL condition
 * permits {@code bench.*} on {@code items/*} and forbids {@code bench.delete}.
 */
final class BenchFederation {
  static final String CALLER_DOMAIN = "bench-caller";
  static final String TARGET_DOMAIN = "bench-target";
  static final String NOOP = "bench.noop";
  static final String HOLD = "bench.hold";

  private BenchFederation() {}

  static ObjectNode callerDomain(List<Jwk> principals) {
    ObjectNode domain = Json.object();
    domain.put("displayName", "Bench callers");
    ArrayNode list = domain.putArray("principals");
    for (Jwk key : principals) {
      ObjectNode p = list.addObject();
      p.put("id", key.kid().substring(key.kid().indexOf('/') + 1));
      p.set("jwk", key.publicOnly().withKid(null).toPublicJson());
      p.putArray("roles").add("invoker");
    }
    domain.putArray("environments");
    return domain;
  }

  /** @param endpoints one per environment; environment i is {@code env-i} with key {@code keys[i]} */
  static ObjectNode targetDomain(List<Jwk> keys, List<String> endpoints, String image) {
    ObjectNode domain = Json.object();
    domain.put("displayName", "Bench targets");
    domain.putArray("principals");
    ArrayNode environments = domain.putArray("environments");
    for (int i = 0; i < keys.size(); i++) {
      ObjectNode e = environments.addObject();
      e.put("id", environmentId(i));
      e.put("endpoint", endpoints.get(i));
      e.set("jwk", keys.get(i).publicOnly().withKid(null).toPublicJson());
      e.putObject("referenceMeasurements").put("image", image);
      e.put("attestEverySeconds", 30);
    }
    return domain;
  }

  static String environmentId(int i) {
    return "env-" + i;
  }

  static String policy(long version) {
    return """
        {"version": %d, "rules": [
          {"id": "bench-invoke", "effect": "permit",
           "caller": {"domain": "%s", "principal": "*"},
           "target": {"domain": "%s", "environment": "env-*"},
           "actions": ["bench.*"], "resources": ["items/*"],
           "condition": "request.parameters.n >= 0 && context.risk < 80",
           "obligations": {"maxDurationSeconds": 900, "attestEverySeconds": 30,
                           "requireMeasurements": ["image"], "maxDelegationDepth": 1,
                           "freshAttestation": false}},
          {"id": "no-deletes", "effect": "forbid",
           "caller": {"domain": "*", "principal": "*"},
           "target": {"domain": "*", "environment": "*"},
           "actions": ["bench.delete"], "resources": ["*"]}
        ]}
        """.formatted(version, CALLER_DOMAIN, TARGET_DOMAIN);
  }

  /** The submit body of execution {@code n} (governed path). */
  static String submitBody(int environment, String action, long n, int maxDurationSeconds) {
    return "{\"target\":{\"domain\":\"" + TARGET_DOMAIN + "\",\"environment\":\"" + environmentId(environment)
        + "\"},\"action\":\"" + action + "\",\"resource\":\"items/" + n + "\",\"parameters\":{\"n\":" + n
        + "},\"maxDurationSeconds\":" + maxDurationSeconds + "}";
  }
}

package io.fxg.http;

import static io.fxg.testkit.HttpCalls.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.TestPolicies;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code PUT /v1/admin/policy} and {@code GET /v1/policy} against a real node. */
class PolicyRoutesTest {
  @RegisterExtension
  static final GatewayFixture gateway = GatewayFixture.builder().unsigned().build();
  static final String[] ADMIN = {"Fxg-Test-Caller", "admin/root"};
  static final String[] AGENT = {"Fxg-Test-Caller", "partner-a/agent-7"};
  static final AtomicLong VERSION = new AtomicLong(10);

  static ObjectNode bundle(long version) {
    return TestPolicies.bundle(version);
  }

  static HttpResponse<String> put(Object body, String... headers) {
    return gateway.http().send("PUT", "/v1/admin/policy", body.toString(), headers);
  }

  static void assertProblem(HttpResponse<String> response, int status, String field) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
    if (field != null) {
      assertEquals(field, json(response).path("field").asText(), response.body());
    }
  }

  long installed() {
    long version = VERSION.incrementAndGet();
    HttpResponse<String> response = put(bundle(version), ADMIN);
    assertEquals(200, response.statusCode(), response.body());
    return version;
  }

  @Test
  void install_valid_answersVersionDigestAndPolicyRecord() {
    long version = VERSION.incrementAndGet();
    HttpResponse<String> response = put(bundle(version), ADMIN);
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = json(response);
    assertEquals(version, body.get("version").asLong());
    assertTrue(body.get("digest").asText().matches("sha256:[0-9a-f]{64}"));
    assertEquals(3, body.get("ruleCount").asInt());
    assertTrue(body.get("replicated").asBoolean());
    assertEquals("policy", body.at("/record/chain").asText());

    JsonNode current = json(gateway.http().get("/v1/policy", AGENT));
    assertEquals(version, current.get("version").asLong());
    assertEquals(body.get("digest"), current.get("digest"));
    assertEquals(bundle(version).get("rules"), current.get("rules"));
    await().atMost(Duration.ofSeconds(5)).until(() -> gateway.node().governance().policy().synced() != null
        && gateway.node().governance().policy().synced().version() == version);
  }

  @Test
  void install_versionNotGreater_is409_andPreviousStaysActive() {
    long version = installed();
    assertProblem(put(bundle(version), ADMIN), 409, "version");
    assertProblem(put(bundle(version - 1), ADMIN), 409, "version");
    assertEquals(version, json(gateway.http().get("/v1/policy", AGENT)).get("version").asLong());
  }

  @Test
  void install_celCompileError_is400NamingRuleAndPosition_andPreviousStaysActive() {
    long version = installed();
    ObjectNode bad = bundle(version + 1);
    ((ObjectNode) bad.get("rules").get(1)).put("condition", "context.depth >= 1 &&\n  context.parnt != ''");
    HttpResponse<String> response = put(bad, ADMIN);
    assertProblem(response, 400, "rules[1].condition");
    assertTrue(json(response).get("detail").asText().startsWith("rules[1].condition: rule "
        + "'delegated' condition does not compile at 2:10:"), response.body());
    assertEquals(version, json(gateway.http().get("/v1/policy", AGENT)).get("version").asLong());
  }

  @Test
  void install_badBundles_are400NamingTheField() {
    long version = installed();
    ObjectNode duplicate = bundle(version + 1);
    ((ArrayNode) duplicate.get("rules")).add(duplicate.get("rules").get(0).deepCopy());
    assertProblem(put(duplicate, ADMIN), 400, "rules[3].id");
    ObjectNode empty = bundle(version + 1);
    empty.putArray("rules");
    assertProblem(put(empty, ADMIN), 400, "rules");
    ObjectNode notBool = bundle(version + 1);
    ((ObjectNode) notBool.get("rules").get(0)).put("condition", "context.risk");
    assertProblem(put(notBool, ADMIN), 400, "rules[0].condition");
    for (int absurd : new int[] {-1, 0, 10 * 365 * 86_400}) {
      ObjectNode obligations = bundle(version + 1);
      ((ObjectNode) obligations.get("rules").get(0).get("obligations"))
          .put("maxDurationSeconds", absurd);
      assertProblem(put(obligations, ADMIN), 400, "rules[0].obligations.maxDurationSeconds");
    }
    assertProblem(put(bundle(version + 1).put("extra", 1), ADMIN), 400, "extra");
    assertProblem(gateway.http().send("PUT", "/v1/admin/policy", "{\"version\": ", ADMIN), 400, "bundle");
    assertProblem(gateway.http().send("PUT", "/v1/admin/policy", "", ADMIN), 400, "body");
    ObjectNode huge = bundle(version + 1);
    ((ObjectNode) huge.get("rules").get(0)).put("condition", "true" + " ".repeat(200_000));
    assertProblem(put(huge, ADMIN), 413, "body");
    assertEquals(version, json(gateway.http().get("/v1/policy", AGENT)).get("version").asLong());
  }

  @Test
  void install_byPrincipal_is403_andUnsigned_is401() {
    assertProblem(put(bundle(VERSION.get() + 100), AGENT), 403, null);
    assertProblem(put(bundle(VERSION.get() + 100)), 401, null);
  }

  @Test
  void get_unsignedWithoutPublicRead_is401() {
    installed();
    assertProblem(gateway.http().get("/v1/policy"), 401, null);
  }
}

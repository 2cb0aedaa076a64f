package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jws;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.execution.ExecutionServices;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.StubServices;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two single-node gateways whose clocks are wrong: one runs 10 minutes ahead, one 10 minutes
 * behind (fxg.http.max-clock-skew is 5 minutes). A request signed with a correct clock is refused
 * by each with the right problem type; one signed consistently with the node's own clock (within
 * the skew either way) is accepted; and every artifact they issue (the real issuer, on the node's
 * clock) has a validity window that contains the governance decision's time in the lineage.
 */
class ClockSkewTest {
  static final Duration OFF = Duration.ofMinutes(10);
  static final String SEARCH = "/v1/executions?limit=1";
  static final String SUBMIT = "{\"target\":{\"domain\":\"acme\",\"environment\":\"billing-prod\"},"
      + "\"action\":\"invoice.create\",\"resource\":\"invoices/1\",\"parameters\":{\"amount\":10},\"maxDurationSeconds\":30}";
  /** Stubbed governance, trust and dispatch, but the node's real artifact issuer. */
  static final UnaryOperator<ExecutionServices> REAL_ARTIFACTS =
      services -> StubServices.permitting().apply(services).withAuthorization(services.authorization());
  static final Jwk agent = Jwk.generate("partner-a/agent-7");
  @RegisterExtension
  static final GatewayFixture ahead = skewed(OFF);
  @RegisterExtension
  static final GatewayFixture behind = skewed(OFF.negated());

  /** A node on a clock {@code offset} from the true one; partner-a's agent registered (signed at the node's time). */
  static GatewayFixture skewed(Duration offset) {
    return GatewayFixture.builder().clock(Clock.offset(Clock.systemUTC(), offset)).services(REAL_ARTIFACTS)
        .federation(Federation.of().domain("partner-a", "Partner A").principal(agent)).build();
  }

  @BeforeAll
  static void agentKnown() {
    for (GatewayFixture node : new GatewayFixture[] {ahead, behind}) {
      await().atMost(Duration.ofSeconds(5)).until(() -> search(node, node.clock()).statusCode() == 200);
    }
  }

  static HttpResponse<String> search(GatewayFixture node, Clock signedAt) {
    return node.calls().send("GET", SEARCH, null, node.calls().sign(signer(), signedAt, "GET", SEARCH, null));
  }

  static Signer signer() {
    return agent.signer().orElseThrow();
  }

  static void assertRefused(HttpResponse<String> response, String type) throws Exception {
    assertEquals(401, response.statusCode(), response.body());
    assertEquals("urn:fxg:problem:signature." + type, Json.parse(response.body()).path("type").asText(), response.body());
  }

  @Test
  void request_signedWithTrueClock_isRefusedStaleByNodeTenMinutesAhead() throws Exception {
    assertRefused(search(ahead, Clock.systemUTC()), "stale");
  }

  @Test
  void request_signedWithTrueClock_isRefusedFutureByNodeTenMinutesBehind() throws Exception {
    assertRefused(search(behind, Clock.systemUTC()), "future");
  }

  @Test
  void request_signedWithinSkewOfNodeClock_isAccepted() {
    Duration within = Duration.ofMinutes(4);
    for (GatewayFixture node : new GatewayFixture[] {ahead, behind}) {
      assertEquals(200, search(node, node.clock()).statusCode());
      assertEquals(200, search(node, Clock.offset(node.clock(), within)).statusCode());
      assertEquals(200, search(node, Clock.offset(node.clock(), within.negated())).statusCode());
    }
  }

  @Test
  void artifacts_issuedBySkewedNodes_haveWindowsContainingTheDecisionTime() throws Exception {
    for (GatewayFixture node : new GatewayFixture[] {ahead, behind}) {
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> submitted = node.calls().send("POST", "/v1/executions", SUBMIT,
            withWait(node.calls().sign(signer(), node.clock(), "POST", "/v1/executions", SUBMIT)));
        assertEquals(200, submitted.statusCode(), submitted.body());
        JsonNode view = Json.parse(submitted.body());
        JsonNode claims = Jws.unverifiedPayload(view.get("artifact").asText());
        String id = view.get("executionId").asText();
        JsonNode lineage = Json.parse(node.calls().send("GET", "/v1/executions/" + id + "/lineage", null,
            node.calls().sign(signer(), node.clock(), "GET", "/v1/executions/" + id + "/lineage", null)).body());
        Instant decided = null;
        for (JsonNode record : lineage.get("records")) {
          if (record.get("type").asText().equals("governance.synchronized")) {
            decided = Instant.parse(record.get("at").asText());
          }
        }
        long nbf = claims.get("nbf").asLong();
        long iat = claims.get("iat").asLong();
        long exp = claims.get("exp").asLong();
        String window = "artifact " + iat + "/" + nbf + ".." + exp + " vs decision " + decided;
        assertTrue(nbf <= decided.getEpochSecond() && iat <= decided.getEpochSecond(), window);
        assertTrue(decided.getEpochSecond() < exp, window);
        Duration fromNodeClock = Duration.between(node.clock().instant(), decided).abs();
        assertTrue(fromNodeClock.compareTo(Duration.ofMinutes(1)) < 0, "decided on the node's clock: " + window);
      }
    }
  }

  static Map<String, String> withWait(Map<String, String> headers) {
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Prefer", "wait=10");
    return all;
  }
}

package io.fxg.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.execution.Caller;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.GovernanceVerdict;
import io.fxg.execution.TargetRef;
import io.fxg.policy.CompiledPolicy;
import io.fxg.policy.PolicyGovernance;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import io.fxg.testkit.TestPolicies;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateway nodes in one JVM sharing one journal: the committed policy version reaches both,
 * and a node held behind it takes no decision ({@code governance.unsynchronized}) while the other
 * permits, until it catches up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernanceClusterTest {
  static final String EXTRA = "fxg.http.allow-unsigned = on\n"
      + "fxg.governance.sync-timeout = 500 ms\n"
      + "fxg.governance.reconcile-interval = 1 s\n";
  @RegisterExtension
  static final GatewayFixture cluster = GatewayFixture.builder().nodes(2).config(EXTRA).build();
  static GatewayNode first;
  static GatewayNode second;

  @BeforeAll
  static void start() {
    first = cluster.node(0);
    second = cluster.node(1);
  }

  static int ready(GatewayNode node) {
    return new HttpCalls(node.httpPort()).get("/health/ready").statusCode();
  }

  static GovernanceVerdict decide(GatewayNode node) throws Exception {
    ExecutionIntent intent = new ExecutionIntent("e-" + UUID.randomUUID(),
        new Caller("partner-a", "agent-7", Caller.PRINCIPAL), new TargetRef("acme", "billing-prod"),
        "invoice.create", "invoices/2026-11", Json.object().put("amount", 250), null, 30,
        "sha256:" + "ab".repeat(32), List.of("invoker"));
    return node.governance().governance().decide(intent).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  static void install(GatewayNode via, long version) {
    HttpResponse<String> response = new HttpCalls(via.httpPort()).send("PUT", "/v1/admin/policy",
        TestPolicies.bundle(version).toString(), "Fxg-Test-Caller", "admin/root");
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().contains("\"replicated\":true"), response.body());
  }

  static boolean activeIs(GatewayNode node, long version) {
    CompiledPolicy synced = node.governance().policy().synced();
    return synced != null && synced.version() == version;
  }

  @Test
  @Order(1)
  void decide_beforeAnyInstall_deniesNoPolicyOnEveryNode() throws Exception {
    for (GatewayNode node : List.of(first, second)) {
      var deny = assertInstanceOf(GovernanceVerdict.Deny.class, decide(node));
      assertEquals(PolicyGovernance.NO_POLICY, deny.reason());
    }
  }

  @Test
  @Order(2)
  void heldNode_deniesUnsynchronized_whileOtherPermits_thenCatchesUp() throws Exception {
    install(first, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> activeIs(first, 1) && activeIs(second, 1));
    assertEquals(1, ((GovernanceVerdict.Permit) decide(second)).policyVersion());

    second.governance().holdActivation(true).toCompletableFuture().get(5, TimeUnit.SECONDS);
    install(second, 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> activeIs(first, 2)
        && second.governance().policy().snapshot().committed().version() == 2);
    assertFalse(activeIs(second, 2));

    var permit = assertInstanceOf(GovernanceVerdict.Permit.class, decide(first));
    assertEquals(2, permit.policyVersion());
    var deny = assertInstanceOf(GovernanceVerdict.Deny.class, decide(second));
    assertEquals(PolicyGovernance.UNSYNCHRONIZED, deny.reason());
    assertEquals("this node's active policy is version 1 but version 2 is committed; it did not "
        + "synchronise within 500 ms, so no decision is taken", deny.detail());
    await().atMost(Duration.ofSeconds(5)).until(() -> ready(second) == 503);
    assertEquals(false, second.health().evaluate().get("policy-synchronized"));
    assertEquals(200, ready(first));

    second.governance().holdActivation(false).toCompletableFuture().get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> activeIs(second, 2));
    assertEquals(2, ((GovernanceVerdict.Permit) decide(second)).policyVersion());
    await().atMost(Duration.ofSeconds(5)).until(() -> ready(second) == 200);
  }
}

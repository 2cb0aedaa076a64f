package io.fxg.authorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jws;
import io.fxg.execution.Authorization.AuthorizationRefused;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.IssuedArtifact;
import io.fxg.policy.PolicyGovernance;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Child executions: admitted only under a live, authentic parent, within depth and time. */
class DelegationTest {
  final TestArtifacts artifacts = new TestArtifacts();
  final Instant now = Instant.now();

  /** A root artifact of 60 s whose obligations allow delegation {@code maxDepth} deep. */
  IssuedArtifact parent(String id, int maxDepth) throws Exception {
    return artifacts.issuer.issue(TestArtifacts.root(id, 60), TestArtifacts.permit(60, maxDepth),
        now);
  }

  Delegation admit(ExecutionIntent child, Instant at) throws AuthorizationRefused {
    return Delegation.of(child, artifacts.keys.verificationKeys(), at);
  }

  static void assertRefused(String reason, ThrowingCheck check) {
    AuthorizationRefused refused = assertThrows(AuthorizationRefused.class, check::run);
    assertEquals(reason, refused.reason(), refused.getMessage());
  }

  interface ThrowingCheck {
    void run() throws Exception;
  }

  @Test
  void child_ofLiveParent_isIssuedWithChainDepthAndLink() throws Exception {
    IssuedArtifact parent = parent("p1", 2);
    ExecutionIntent child = TestArtifacts.child("c1", parent.jws(), 30);
    Delegation delegation = admit(child, now);
    assertEquals(1, delegation.depth());
    assertEquals(List.of("p1"), delegation.chain());
    delegation.requireWithinParent(child, now);
    delegation.requireLive("active");

    IssuedArtifact issued = artifacts.issuer.issue(child, TestArtifacts.permit(60, 2), now);
    JsonNode claims = Jws.unverifiedPayload(issued.jws());
    assertEquals("acme/billing-prod", claims.get("sub").asText());
    assertEquals("p1", claims.at("/fxg/parent").asText());
    assertEquals(List.of("p1"), List.of(claims.at("/fxg/chain/0").asText()));
    assertEquals(1, claims.at("/fxg/depth").asInt());
    assertTrue(issued.expiresAtEpochSecond() <= parent.expiresAtEpochSecond());
    assertEquals(List.of("p1->c1"), artifacts.links);

    ExecutionIntent grandchild =
        TestArtifacts.child("g1", issued.jws(), "acme", "payments-prod", 10);
    Delegation second = admit(grandchild, now);
    assertEquals(2, second.depth());
    assertEquals(List.of("p1", "c1"), second.chain());
  }

  @Test
  void child_beyondParentsDepth_isRefusedTooDeep() throws Exception {
    IssuedArtifact parent = parent("p2", 1);
    IssuedArtifact child = artifacts.issuer.issue(TestArtifacts.child("c2", parent.jws(), 30),
        TestArtifacts.permit(60, 1), now);
    ExecutionIntent grandchild = TestArtifacts.child("g2", child.jws(), "acme", "payments-prod", 10);
    assertRefused(Delegation.TOO_DEEP, () -> admit(grandchild, now));
    assertRefused(Delegation.TOO_DEEP, () -> artifacts.issuer.issue(grandchild,
        TestArtifacts.permit(60, 5), now));
  }

  @Test
  void child_whosePermitAllowsNoDelegation_isRefusedAtIssue() throws Exception {
    IssuedArtifact parent = parent("p3", 3);
    assertRefused(Delegation.TOO_DEEP, () -> artifacts.issuer.issue(
        TestArtifacts.child("c3", parent.jws(), 30), TestArtifacts.permit(60, 0), now));
  }

  @Test
  void child_outlivingParent_isRefusedAtIssue_andExpNeverPassesParent() throws Exception {
    IssuedArtifact parent = parent("p4", 2);
    ExecutionIntent longChild = TestArtifacts.child("c4", parent.jws(), 120);
    Delegation delegation = admit(longChild, now);
    AuthorizationRefused refused = assertThrows(AuthorizationRefused.class,
        () -> delegation.requireWithinParent(longChild, now));
    assertEquals(Delegation.OUTLIVES_PARENT, refused.reason());
    assertTrue(refused.getMessage().endsWith("ask for at most 60 s"), refused.getMessage());
    assertRefused(Delegation.OUTLIVES_PARENT, () -> artifacts.issuer.issue(longChild,
        TestArtifacts.permit(300, 2), now));
    IssuedArtifact late = artifacts.issuer.issue(TestArtifacts.child("c4b", parent.jws(), 20),
        TestArtifacts.permit(300, 2), now.plusSeconds(40));
    assertEquals(parent.expiresAtEpochSecond(), late.expiresAtEpochSecond());
    assertRefused(Delegation.OUTLIVES_PARENT, () -> artifacts.issuer.issue(
        TestArtifacts.child("c4c", parent.jws(), 20), TestArtifacts.permit(300, 2),
        now.plusSeconds(41)));
  }

  @Test
  void child_signedByOtherThanParentsAudience_isRefusedWrongSigner() throws Exception {
    IssuedArtifact parent = parent("p5", 2);
    assertRefused(Delegation.WRONG_SIGNER, () -> admit(
        TestArtifacts.child("c5", parent.jws(), "acme", "billing-staging", 10), now));
    ExecutionIntent byPrincipal = new ExecutionIntent("c5b",
        TestArtifacts.root("x", 10).caller(), TestArtifacts.root("x", 10).target(),
        "invoice.read", "invoices/1", null, parent.jws(), 10, "sha256:" + "00".repeat(32), List.of());
    assertRefused(Delegation.WRONG_SIGNER, () -> admit(byPrincipal, now));
  }

  @Test
  void child_withTamperedOrForeignParent_isRefusedBadParent() throws Exception {
    IssuedArtifact parent = parent("p6", 2);
    String tampered = ArtifactIssuerTest.flipPayloadByte(parent.jws());
    assertRefused(Delegation.BAD_PARENT, () -> admit(TestArtifacts.child("c6", tampered, 10), now));
    String foreign = new TestArtifacts().issuer.issue(TestArtifacts.root("p6", 60),
        TestArtifacts.permit(60, 2), now).jws();
    assertRefused(Delegation.BAD_PARENT, () -> admit(TestArtifacts.child("c6", foreign, 10), now));
    assertRefused(Delegation.BAD_PARENT, () -> admit(TestArtifacts.child("c6", "not.a.jws", 10),
        now));
  }

  @Test
  void child_ofExpiredOrFinishedParent_isRefusedNotLive() throws Exception {
    IssuedArtifact parent = parent("p7", 2);
    assertRefused(Delegation.PARENT_NOT_LIVE, () ->
        admit(TestArtifacts.child("c7", parent.jws(), 10), now.plusSeconds(61)));
    Delegation delegation = admit(TestArtifacts.child("c7", parent.jws(), 10), now);
    assertRefused(Delegation.PARENT_NOT_LIVE, () -> delegation.requireLive("revoked"));
    assertRefused(Delegation.PARENT_NOT_LIVE, () -> delegation.requireLive("finished"));
  }

  @Test
  void gate_asksParentStatus_andAdmitsOnlyActive() throws Exception {
    IssuedArtifact parent = parent("p8", 2);
    ExecutionIntent child = TestArtifacts.child("c8", parent.jws(), 10);
    DelegationGate live = new DelegationGate(artifacts.keys.verificationKeys(),
        jti -> CompletableFuture.completedFuture("p8".equals(jti) ? "active" : "unknown"));
    PolicyGovernance.Position position =
        live.admit(child, now).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(new PolicyGovernance.Position(1, "p8"), position);

    DelegationGate finished = new DelegationGate(artifacts.keys.verificationKeys(),
        jti -> CompletableFuture.completedFuture("finished"));
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> finished.admit(child, now).toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertEquals(Delegation.PARENT_NOT_LIVE,
        assertInstanceOf(AuthorizationRefused.class, failed.getCause()).reason());

    DelegationGate root = new DelegationGate(artifacts.keys.verificationKeys(),
        jti -> CompletableFuture.failedFuture(new AssertionError("a root asks no parent")));
    assertEquals(PolicyGovernance.Position.ROOT, root.admit(TestArtifacts.root("r", 10), now)
        .toCompletableFuture().get(5, TimeUnit.SECONDS));
  }
}

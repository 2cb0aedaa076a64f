package io.fxg.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.identity.TrustChange.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's trust view and the changes derived between domain snapshots. */
class TrustViewTest {
  static DomainSnapshot snapshot(long seq, DomainDocument doc, boolean suspended) {
    return new DomainSnapshot("acme", seq, doc, suspended, suspended ? "audit" : null, "00".repeat(32), "t");
  }

  @Test
  void with_olderSnapshot_isIgnoredAndSequenceSumsChains() {
    TrustView view = TrustView.EMPTY.with(snapshot(2, DomainTest.document("Acme"), false));
    assertTrue(view.key("acme/agent-7").isPresent());
    assertEquals("environment", view.key("acme/billing-prod").orElseThrow().kind());
    assertTrue(view.environment("acme/billing-prod").isPresent());
    assertEquals(view, view.with(snapshot(1, DomainTest.document("Old"), true)));
    TrustView revoked = view.with(new Revocation(Revocation.ENVIRONMENT, "acme/billing-prod", "x", "t", 3));
    assertTrue(revoked.isKeyRevoked("acme/billing-prod"));
    assertTrue(revoked.isEnvironmentRevoked("acme/billing-prod"));
    assertFalse(revoked.isKeyRevoked("acme/agent-7"));
    assertEquals(5, revoked.sequence());
  }

  @Test
  void between_suspensionRemovalAndChange_areNamed() {
    DomainDocument doc = DomainTest.document("Acme");
    DomainDocument.Environment env = doc.environments().get(0);
    DomainDocument changed = new DomainDocument("Acme", List.of(), List.of(new DomainDocument.Environment(env.id(),
        "http://127.0.0.1:9200", env.x(), env.referenceMeasurements(), env.attestEverySeconds())));
    List<TrustChange> changes = TrustChanges.between(snapshot(1, doc, false), snapshot(2, changed, true));
    assertEquals(List.of(Kind.DOMAIN_SUSPENDED, Kind.PRINCIPAL_REMOVED, Kind.ENVIRONMENT_CHANGED),
        changes.stream().map(TrustChange::kind).toList());
    assertTrue(changes.get(0).affects("partner-a/agent-1", "acme/billing-prod", "j1"));
    assertTrue(changes.get(2).affects("partner-a/agent-1", "acme/billing-prod", "j1"));
    assertFalse(changes.get(2).revokesTrust());
    TrustChange artifact = TrustChanges.of(new Revocation(Revocation.ARTIFACT, "j1", "leak", "t", 1));
    assertTrue(artifact.affects("x/y", "a/b", "j1"));
    assertFalse(artifact.affects("x/y", "a/b", "j2"));
  }
}

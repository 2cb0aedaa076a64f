package io.fxg.identity;

import io.fxg.identity.TrustChange.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Derives the {@link TrustChange}s between two snapshots of a domain, or of one revocation. */
final class TrustChanges {
  private TrustChanges() {}

  static List<TrustChange> between(DomainSnapshot before, DomainSnapshot after) {
    List<TrustChange> changes = new ArrayList<>();
    String domain = after.name();
    if (after.suspended() && (before == null || !before.suspended())) {
      changes.add(new TrustChange(Kind.DOMAIN_SUSPENDED, domain, "domain " + domain + " suspended: " + after.suspendReason()));
    } else if (!after.suspended() && before != null && before.suspended()) {
      changes.add(new TrustChange(Kind.DOMAIN_RESUMED, domain, "domain " + domain + " resumed"));
    }
    if (before == null) {
      return changes;
    }
    Map<String, DomainDocument.Principal> principals = new HashMap<>();
    after.document().principals().forEach(p -> principals.put(p.id(), p));
    for (DomainDocument.Principal p : before.document().principals()) {
      DomainDocument.Principal now = principals.get(p.id());
      if (now == null || !now.x().equals(p.x())) {
        changes.add(new TrustChange(Kind.PRINCIPAL_REMOVED, domain + "/" + p.id(),
            now == null ? "principal removed from domain " + domain : "principal key replaced"));
      }
    }
    Map<String, DomainDocument.Environment> environments = new HashMap<>();
    after.document().environments().forEach(e -> environments.put(e.id(), e));
    for (DomainDocument.Environment e : before.document().environments()) {
      DomainDocument.Environment now = environments.get(e.id());
      if (now == null) {
        changes.add(new TrustChange(Kind.ENVIRONMENT_REMOVED, domain + "/" + e.id(),
            "environment removed from domain " + domain));
      } else if (!now.equals(e)) {
        changes.add(new TrustChange(Kind.ENVIRONMENT_CHANGED, domain + "/" + e.id(),
            "endpoint, key, reference measurements or interval changed"));
      }
    }
    return changes;
  }

  static TrustChange of(Revocation revocation) {
    Kind kind = switch (revocation.kind()) {
      case Revocation.KEY -> Kind.KEY_REVOKED;
      case Revocation.ENVIRONMENT -> Kind.ENVIRONMENT_REVOKED;
      default -> Kind.ARTIFACT_REVOKED;
    };
    return new TrustChange(kind, revocation.id(), revocation.kind() + " " + revocation.id() + " revoked: " + revocation.reason());
  }
}

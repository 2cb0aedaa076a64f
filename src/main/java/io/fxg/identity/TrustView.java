package io.fxg.identity;

import io.fxg.crypto.Ed25519PublicKey;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One node's immutable picture of the federation: every domain's latest snapshot and every
 * revocation, indexed for the request path (keyid lookups without locks or I/O). {@link
 * TrustRegistry} swaps in a new view on each change; readers keep whichever view they took.
 */
public final class TrustView {
  public static final TrustView EMPTY = new TrustView(Map.of(), Map.of(), 0, Map.of());

  /** A registered signing key: a principal's or an environment's. */
  public record KeyEntry(String keyId, String domain, String name, String kind, Ed25519PublicKey key,
      List<String> roles) {
    public static final String PRINCIPAL = "principal";
    public static final String ENVIRONMENT = "environment";
  }

  /** A registered environment and the domain it belongs to. */
  public record EnvironmentEntry(String id, String domain, DomainDocument.Environment environment,
      Ed25519PublicKey key) {}

  private final Map<String, DomainSnapshot> domains;
  private final Map<String, Revocation> revocations;
  private final long revocationSeq;
  private final Map<String, PeerSnapshot> peers;
  private final Map<String, PeerSnapshot> peersByDomain = new HashMap<>();
  private final Map<String, KeyEntry> keys = new HashMap<>();
  private final Map<String, EnvironmentEntry> environments = new HashMap<>();

  private TrustView(Map<String, DomainSnapshot> domains, Map<String, Revocation> revocations, long revocationSeq,
      Map<String, PeerSnapshot> peers) {
    this.domains = Collections.unmodifiableMap(domains);
    this.revocations = Collections.unmodifiableMap(revocations);
    this.revocationSeq = revocationSeq;
    this.peers = Collections.unmodifiableMap(peers);
    for (PeerSnapshot p : peers.values()) {
      if (!p.removed()) {
        p.document().domains().forEach(d -> peersByDomain.putIfAbsent(d, p));
      }
    }
    for (DomainSnapshot d : domains.values()) {
      for (DomainDocument.Principal p : d.document().principals()) {
        String id = d.name() + "/" + p.id();
        keys.put(id, new KeyEntry(id, d.name(), p.id(), KeyEntry.PRINCIPAL, p.publicKey(), p.roles()));
      }
      for (DomainDocument.Environment e : d.document().environments()) {
        String id = d.name() + "/" + e.id();
        Ed25519PublicKey key = e.publicKey();
        keys.put(id, new KeyEntry(id, d.name(), e.id(), KeyEntry.ENVIRONMENT, key, List.of()));
        environments.put(id, new EnvironmentEntry(id, d.name(), e, key));
      }
    }
  }

  /** A view over copies of these maps (the registry keeps its own mutable ones). */
  static TrustView of(Map<String, DomainSnapshot> domains, Map<String, Revocation> revocations, long revocationSeq,
      Map<String, PeerSnapshot> peers) {
    return new TrustView(new TreeMap<>(domains), new HashMap<>(revocations), revocationSeq, new TreeMap<>(peers));
  }

  /** This view with the snapshot applied, or this view when it is not newer than the one held. */
  public TrustView with(DomainSnapshot snapshot) {
    DomainSnapshot held = domains.get(snapshot.name());
    if (held != null && held.seq() >= snapshot.seq()) {
      return this;
    }
    Map<String, DomainSnapshot> next = new TreeMap<>(domains);
    next.put(snapshot.name(), snapshot);
    return new TrustView(next, revocations, revocationSeq, peers);
  }

  /** This view with the revocation added (a subject already revoked stays as first revoked). */
  public TrustView with(Revocation revocation) {
    Map<String, Revocation> next = new HashMap<>(revocations);
    next.putIfAbsent(revocation.subject(), revocation);
    return new TrustView(domains, next, Math.max(revocationSeq, revocation.seq()), peers);
  }

  /** This view with the peer snapshot applied, or this view when it is not newer than the one held. */
  public TrustView with(PeerSnapshot snapshot) {
    PeerSnapshot held = peers.get(snapshot.name());
    if (held != null && held.seq() >= snapshot.seq()) {
      return this;
    }
    Map<String, PeerSnapshot> next = new TreeMap<>(peers);
    next.put(snapshot.name(), snapshot);
    return new TrustView(domains, revocations, revocationSeq, next);
  }

  /** Every peer gateway ever registered (removed ones too), sorted by name. */
  public Collection<PeerSnapshot> peers() {
    return peers.values();
  }

  /** The peer registered under {@code name}, removed or not. */
  public Optional<PeerSnapshot> peer(String name) {
    return Optional.ofNullable(peers.get(name));
  }

  /**
   * The (not removed) peer that governs {@code domain}, unless this gateway registers the domain
   * itself: a local domain is never forwarded.
   */
  public Optional<PeerSnapshot> peerGoverning(String domain) {
    if (domains.containsKey(domain)) {
      return Optional.empty();
    }
    return Optional.ofNullable(peersByDomain.get(domain));
  }

  public Optional<DomainSnapshot> domain(String name) {
    return Optional.ofNullable(domains.get(name));
  }

  /** Every domain, sorted by name. */
  public Collection<DomainSnapshot> domains() {
    return domains.values();
  }

  public Collection<Revocation> revocations() {
    return revocations.values();
  }

  /** The principal or environment key registered under {@code DOMAIN/NAME}, revoked or not. */
  public Optional<KeyEntry> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  public Optional<EnvironmentEntry> environment(String environmentId) {
    return Optional.ofNullable(environments.get(environmentId));
  }

  public boolean isSuspended(String domain) {
    DomainSnapshot d = domains.get(domain);
    return d != null && d.suspended();
  }

  public Optional<Revocation> revocation(String kind, String id) {
    return Optional.ofNullable(revocations.get(Revocation.subjectOf(kind, id)));
  }

  /** A key is revoked as a key, or as the key of a revoked environment. */
  public boolean isKeyRevoked(String keyId) {
    return revocations.containsKey(Revocation.subjectOf(Revocation.KEY, keyId))
        || revocations.containsKey(Revocation.subjectOf(Revocation.ENVIRONMENT, keyId));
  }

  public boolean isEnvironmentRevoked(String environmentId) {
    return revocations.containsKey(Revocation.subjectOf(Revocation.ENVIRONMENT, environmentId));
  }

  public boolean isArtifactRevoked(String jti) {
    return revocations.containsKey(Revocation.subjectOf(Revocation.ARTIFACT, jti));
  }

  /**
   * Grows with every change anywhere in the federation: the sum of every domain chain's length and
   * the revocations chain's. Nodes that saw the same changes report the same number.
   */
  public long sequence() {
    long sum = revocationSeq;
    for (DomainSnapshot d : domains.values()) {
      sum += d.seq();
    }
    for (PeerSnapshot p : peers.values()) {
      sum += p.seq();
    }
    return sum;
  }
}

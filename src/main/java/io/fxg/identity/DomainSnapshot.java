package io.fxg.identity;

/**
 * A trust domain as of one point of its chain: the document, whether it is suspended, and the
 * chain position. The registry replaces a domain's snapshot only by one with a higher {@code seq}.
 *
 * @param seq the lineage seq of the last event applied
 * @param head hex hash of that lineage record
 */
public record DomainSnapshot(String name, long seq, DomainDocument document, boolean suspended,
    String suspendReason, String head, String updatedAt) implements TrustUpdate {

  /** The snapshot after one more event of the domain's chain. */
  public static DomainSnapshot next(DomainSnapshot previous, String name, Domain.Event event) {
    String at = event.record().at();
    long seq = event.record().seq();
    String head = event.record().hash();
    if (event instanceof Domain.Registered e) {
      boolean suspended = previous != null && previous.suspended();
      String reason = previous == null ? null : previous.suspendReason();
      return new DomainSnapshot(name, seq, e.document(), suspended, reason, head, at);
    }
    if (previous == null) {
      throw new IllegalStateException("domain " + name + " changes state before it was registered");
    }
    if (event instanceof Domain.Suspended e) {
      return new DomainSnapshot(name, seq, previous.document(), true, e.reason(), head, at);
    }
    return new DomainSnapshot(name, seq, previous.document(), false, null, head, at);
  }
}

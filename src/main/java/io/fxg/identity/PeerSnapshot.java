package io.fxg.identity;

/**
 * A peer gateway as of one point of its chain {@code peer:NAME}. A removed peer keeps its last
 * document (its chain and links stay readable) but governs nothing and signs nothing here.
 *
 * @param seq the lineage seq of the last event applied
 * @param head hex hash of that lineage record
 */
public record PeerSnapshot(String name, long seq, PeerDocument document, boolean removed, String head,
    String updatedAt) implements TrustUpdate {

  /** The key id a peer's gateway signs requests to this gateway with (SPEC section 13). */
  public static String keyIdOf(String name) {
    return "gateway/" + name;
  }

  public String keyId() {
    return keyIdOf(name);
  }

  /** The snapshot after one more event of the peer's chain: a document (again) or a removal. */
  public static PeerSnapshot next(PeerSnapshot previous, String name, Peer.Event event) {
    String at = event.record().at();
    long seq = event.record().seq();
    String head = event.record().hash();
    if (event instanceof Peer.Registered e) {
      return new PeerSnapshot(name, seq, e.document(), false, head, at);
    }
    if (previous == null) {
      throw new IllegalStateException("peer " + name + " is removed before it was registered");
    }
    return new PeerSnapshot(name, seq, previous.document(), true, head, at);
  }
}

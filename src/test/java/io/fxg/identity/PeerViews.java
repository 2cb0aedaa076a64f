package io.fxg.identity;

import java.util.List;

/**
 * Puts hand-made peers into a running node's {@link LiveTrust}, for witness tests that do not go
 * through the peer registry. The registry replaces the view on its next trust update, so a test
 * re-applies the peer while it awaits an outcome ({@link TrustView#with(PeerSnapshot)} is idempotent).
 */
public final class PeerViews {
  private PeerViews() {}

  /** A registered, not removed peer at {@code url} with the given log and witness verifier keys. */
  public static PeerSnapshot peer(String name, String url, String kid, String x, String logKey, String witnessKey) {
    PeerDocument document = new PeerDocument(url, List.of(new PeerDocument.GatewayKey(kid, x)), logKey, witnessKey,
        List.of());
    return new PeerSnapshot(name, 1, document, false, "00", "2026-12-07T00:00:00Z");
  }

  /** Adds {@code peer} to the live view unless it holds it already. */
  public static void ensure(LiveTrust live, PeerSnapshot peer) {
    TrustView view = live.get();
    if (view.peer(peer.name()).isEmpty()) {
      live.set(view.with(peer));
    }
  }
}

package io.fxg.federation;

import io.fxg.crypto.Signer;
import io.fxg.http.GatewayHttpClient;
import io.fxg.identity.PeerSnapshot;
import io.fxg.identity.TrustView;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Calls to peer gateways: every request RFC 9421-signed with this gateway's current key under keyid
 * {@code gateway/<fxg.peers.name>} (SPEC section 13), to the URL the peer is registered with.
 */
public final class PeerClient {
  private final GatewayHttpClient http;
  private final Supplier<TrustView> trust;
  private final String self;

  public PeerClient(ActorSystem<?> system, Signer gatewayKey, String selfName, Supplier<TrustView> trust,
      java.time.Duration timeout) {
    this.http = new GatewayHttpClient(system, gatewayKey.withKeyId(PeerSnapshot.keyIdOf(selfName)), timeout);
    this.trust = trust;
    this.self = selfName;
  }

  /** This gateway's name as its peers know it. */
  public String self() {
    return self;
  }

  /** The registered, not removed peer. */
  public Optional<PeerSnapshot> peer(String name) {
    return trust.get().peer(name).filter(p -> !p.removed());
  }

  public CompletionStage<GatewayHttpClient.Response> get(String peer, String path) {
    return peer(peer).map(p -> http.get(p.document().url() + path))
        .orElseGet(() -> unknown(peer));
  }

  public CompletionStage<GatewayHttpClient.Response> post(String peer, String path, byte[] json,
      Map<String, String> headers) {
    return peer(peer).map(p -> http.postJson(p.document().url() + path, json, headers))
        .orElseGet(() -> unknown(peer));
  }

  private static CompletionStage<GatewayHttpClient.Response> unknown(String peer) {
    return CompletableFuture.failedFuture(new IllegalStateException("peer " + peer + " is not registered"));
  }
}

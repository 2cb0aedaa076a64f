/**
 * Gateway-to-gateway federation (SPEC section 13), the calling side: forwarding an execution to
 * the peer that governs its target ({@link io.fxg.federation.PeerDispatch}), phase 4 for such
 * executions ({@link io.fxg.federation.PeerTrust}), and the checks and notices of a linked
 * execution ({@link io.fxg.federation.HttpPeerLinks}), and the peer's proof of a forwarded
 * execution's child ({@link io.fxg.federation.PeerProofFetcher}), all over {@link io.fxg.federation.PeerClient}
 * (requests signed {@code gateway/NAME}). The registry of peers lives in {@code identity}, the
 * receiving routes in {@code http}. Depends on {@code execution}, {@code identity}, {@code http}
 * (the outbound client, the proof route's seam), {@code proof} (bundle parsing), {@code crypto} and
 * {@code serialization}.
 */
package io.fxg.federation;

/**
 * Identity and trust federation (Layer 1, SPEC sections 3 to 5 and the attestation part of 7):
 *
 * <ul>
 *   <li>key material of the gateway and its admins ({@link io.fxg.identity.GatewayKeys});
 *   <li>federated trust domains and revocations as event-sourced, hash-chained entities ({@link
 *       io.fxg.identity.Domain}, {@link io.fxg.identity.Revocations}) with a strict document parser
 *       ({@link io.fxg.identity.DomainDocuments});
 *   <li>peer gateways (SPEC section 13), independent fxg deployments this gateway federates with:
 *       the {@link io.fxg.identity.Peer} entity (chain {@code peer:NAME}) and its strict document
 *       parser {@link io.fxg.identity.PeerDocuments};
 *   <li>every node's replicated view of them ({@link io.fxg.identity.TrustRegistry} writing {@link
 *       io.fxg.identity.LiveTrust}), fed by a pub-sub topic and the journal, which also tells
 *       subscribers each {@link io.fxg.identity.TrustChange};
 *   <li>what request verification needs beyond {@code httpsig}: the cluster-wide, durable
 *       {@link io.fxg.identity.NonceStore} (a table in the journal's database) and per-key {@link io.fxg.identity.KeyRateLimiter};
 *   <li>phase 4: {@link io.fxg.identity.Attestations} (the {@code TrustActivation} seam) with its
 *       signed challenge client, and the signed {@link io.fxg.identity.FederationBundle}.
 * </ul>
 *
 * Depends on {@code crypto}, {@code httpsig}, {@code lineage}, {@code serialization}, the {@code
 * execution} seams it implements, {@code target}'s attestation verifier, JDBC (HikariCP), and Pekko (typed actors,
 * sharding, persistence, pub-sub, HTTP client). Nothing here knows the gateway's HTTP routes.
 */
package io.fxg.identity;

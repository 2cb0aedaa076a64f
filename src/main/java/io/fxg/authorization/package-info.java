/**
 * Authorization (Layer 3, SPEC section 7): the {@link io.fxg.authorization.ArtifactIssuer} that
 * signs each permitted execution's artifact (JWS, EdDSA, {@code fxg-authz+jwt}) and the
 * delegation checks ({@link io.fxg.authorization.Delegation}, {@link
 * io.fxg.authorization.ParentArtifact}) that admit a child execution under a live parent.
 *
 * <p>Depends on {@code io.fxg.execution} (the {@code Authorization} seam and intents), {@code
 * io.fxg.crypto} (JWS, digests), {@code io.fxg.policy} (obligation bounds) and {@code
 * io.fxg.serialization}. No actors live here; asking the parent execution whether it is live is
 * injected by {@code io.fxg.cluster}.
 */
package io.fxg.authorization;

/**
 * The transparency log as a pure library (SPEC section 10), no actors: RFC 9162 Merkle hashing,
 * an append-only in-memory tree with inclusion and consistency proofs and their verification,
 * C2SP signed notes and {@code tlog-checkpoint}s with Ed25519 note keys, C2SP {@code tlog-tiles}
 * paths and tile bytes, and the offline proof bundle with its verifier.
 *
 * <p>Every failure of outside input is one checked {@link io.fxg.proof.ProofVerificationException}
 * naming what failed. Depends only on {@code io.fxg.crypto}, {@code io.fxg.lineage} and
 * {@code io.fxg.serialization}; the {@code TransparencyLog} actor and the HTTP routes build on it.
 */
package io.fxg.proof;

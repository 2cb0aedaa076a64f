/**
 * The transparency log (SPEC section 10). The pure library: RFC 9162 Merkle hashing, an
 * append-only tree (in memory, or tile-backed with bounded memory) with inclusion and consistency proofs and their verification, C2SP
 * signed notes and {@code tlog-checkpoint}s with Ed25519 note keys, C2SP {@code tlog-cosignature}
 * (cosignature/v1) lines that witnesses add to checkpoints, C2SP {@code tlog-tiles} paths
 * and tile bytes, and the offline proof bundle with its verifier. Built on it: the
 * {@link io.fxg.proof.TransparencyLog} cluster singleton that appends every lineage record in
 * journal order and publishes checkpoints, its JDBC tables ({@link io.fxg.proof.LogStore}, and
 * {@link io.fxg.proof.CosignatureStore} for the cosignatures peers hand back), and
 * the read-only {@link io.fxg.proof.JournalAudit} of a whole journal.
 *
 * <p>Every failure of outside input is one checked {@link io.fxg.proof.ProofVerificationException}
 * naming what failed. Depends on {@code io.fxg.crypto}, {@code io.fxg.lineage},
 * {@code io.fxg.serialization}, Pekko (actors, streams, persistence query) and JDBC; never on
 * executions or HTTP: the node tells executions about coverage through a callback wired in
 * {@code io.fxg.cluster}.
 */
package io.fxg.proof;

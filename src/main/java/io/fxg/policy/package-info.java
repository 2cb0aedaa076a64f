/**
 * Governance (Layer 2, SPEC section 6).
 *
 * <p>The pure policy library, no actors: the {@link io.fxg.policy.PolicyBundle} model parsed
 * strictly from JSON, {@link io.fxg.policy.PolicyCompiler} which compiles every rule's CEL
 * condition once at install time, the resulting {@link io.fxg.policy.CompiledPolicy} whose
 * {@code decide} is deterministic, default-deny and forbid-overrides, and {@link
 * io.fxg.policy.RiskScore}, the documented {@code risk} formula.
 *
 * <p>The cluster's governance built on it: the {@link io.fxg.policy.PolicyStore} entity (the
 * committed bundle, every install a {@code policy} lineage record), {@link
 * io.fxg.policy.PolicySync} (one per node: replicates the committed {@link
 * io.fxg.policy.PolicyPointer} with Distributed Data and activates it into {@link
 * io.fxg.policy.LocalPolicy}), {@link io.fxg.policy.RiskSignals} (the principal's recent denials
 * and interruptions, from the journal) and {@link io.fxg.policy.PolicyGovernance}, the phase 2
 * seam that decides only at the committed version.
 *
 * <p>Depends on {@code io.fxg.crypto} (JCS digests), {@code io.fxg.lineage}, {@code
 * io.fxg.serialization}, {@code io.fxg.execution} (the seam it implements), {@code
 * io.fxg.projection} (the risk signals resume from their snapshot), Jackson trees, Pekko
 * (persistence, distributed data, streams) and CEL-Java ({@code dev.cel}). CEL types stay inside
 * this package.
 */
package io.fxg.policy;

/**
 * Governance policy (SPEC section 6) as a pure library, no actors: the {@link
 * io.fxg.policy.PolicyBundle} model parsed strictly from JSON, {@link io.fxg.policy.PolicyCompiler}
 * which compiles every rule's CEL condition once at install time, the resulting {@link
 * io.fxg.policy.CompiledPolicy} whose {@code decide} is deterministic, default-deny and
 * forbid-overrides, and {@link io.fxg.policy.RiskScore}, the documented {@code risk} formula.
 *
 * <p>Depends on {@code io.fxg.crypto} (JCS digests), {@code io.fxg.serialization} (the strict JSON
 * mapper), Jackson trees and CEL-Java ({@code dev.cel}). CEL types stay inside this package.
 */
package io.fxg.policy;

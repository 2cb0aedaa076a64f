/**
 * Runtime enforcement (Layer 4): the per-node {@link io.fxg.monitor.ExecutionSupervisor} that tracks
 * live executions and interrupts exactly the ones a trust change affects, and the trust monitors
 * that report such changes cluster-wide ({@link io.fxg.monitor.TrustSignal} on a pub-sub topic).
 * Depends on {@code execution} (entity refs, seams) and {@code serialization}.
 */
package io.fxg.monitor;

/**
 * Witnessed logs (SPEC section 13): this gateway as a C2SP {@code tlog-witness} of its peer
 * gateways' transparency logs. {@link io.fxg.witness.WitnessedLog} is the journaled, sharded state
 * per peer log origin that refuses to cosign two inconsistent checkpoints and raises the split-view
 * alarm; {@link io.fxg.witness.WitnessPoller} fetches each peer's checkpoint and consistency proof,
 * has it cosigned and hands the cosignature back to the peer.
 *
 * <p>The cosignature format itself (cosignature/v1) is in {@code io.fxg.proof}. Depends on
 * {@code io.fxg.proof}, {@code io.fxg.identity} (the peers), {@code io.fxg.crypto},
 * {@code io.fxg.serialization} and Pekko; never on HTTP routes or executions.
 */
package io.fxg.witness;

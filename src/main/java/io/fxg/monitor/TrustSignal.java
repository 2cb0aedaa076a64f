package io.fxg.monitor;

import io.fxg.serialization.CborSerializable;

/**
 * A trust change, published cluster-wide; every node's supervisor interrupts its live executions
 * that the scope and subject select.
 *
 * @param subject environment id {@code DOMAIN/ENV}, domain, principal key id, artifact jti, or the
 *     jti of an interrupted ancestor
 * @param reason the interruption reason code (SPEC section 8)
 * @param monitor which monitor saw it
 * @param evidence {@code sha256:} of the evidence, or null
 */
public record TrustSignal(Scope scope, String subject, String reason, String detail, String monitor, String evidence)
    implements CborSerializable {

  /** What a signal's subject names. */
  public enum Scope { ENVIRONMENT, DOMAIN, PRINCIPAL, ARTIFACT, ANCESTOR }

  boolean affects(LiveExecution live) {
    return switch (scope) {
      case ENVIRONMENT -> live.intent().target().id().equals(subject);
      case DOMAIN -> live.intent().target().domain().equals(subject) || live.intent().caller().domain().equals(subject);
      case PRINCIPAL -> live.intent().caller().keyId().equals(subject);
      case ARTIFACT -> live.jti().equals(subject);
      case ANCESTOR -> live.chain().contains(subject);
    };
  }
}

package io.fxg.execution;

/** The eight lifecycle phases of SPEC section 7, numbered as in views and records. */
public enum Phase {
  INTENT_GENERATED(1),
  GOVERNANCE_SYNCHRONIZED(2),
  AUTHORIZATION_ESTABLISHED(3),
  RUNTIME_TRUST_ACTIVATED(4),
  EXECUTION_BEGUN(5),
  RUNTIME_VERIFICATION(6),
  INTERRUPTED(7),
  PROOF_PERSISTED(8);

  private final int number;

  Phase(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  public static Phase of(int number) {
    return values()[number - 1];
  }
}

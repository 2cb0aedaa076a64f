package io.fxg.proof;

import java.util.ArrayList;
import java.util.List;

/**
 * The witness checks of a proof bundle's checkpoint (C2SP tlog-cosignature): with required
 * witnesses, {@code checkpoint.cosignature[<name>+<keyID>]} passes only when that witness's
 * cosignature line is on the checkpoint and verifies over its body; without, the checkpoint's
 * other signature lines are listed in one {@code SKIP checkpoint.cosignatures} line.
 */
final class WitnessChecks {
  private WitnessChecks() {}

  static void run(String checkpointNote, List<CosignatureVerifier> required, List<CheckResult> checks) {
    SignedNote note;
    try {
      note = SignedNote.parse(checkpointNote);
    } catch (ProofVerificationException e) {
      required.forEach(w -> checks.add(CheckResult.fail(check(w), "checkpoint unreadable: " + e.getMessage())));
      return;
    }
    if (required.isEmpty()) {
      List<String> others = new ArrayList<>();
      for (int i = 1; i < note.signatures().size(); i++) {
        others.add(note.signatures().get(i).keyId());
      }
      if (!others.isEmpty()) {
        checks.add(CheckResult.skip("checkpoint.cosignatures", others.size() + " further signature line(s), "
            + others + "; not required (pass --witness-key to require a witness)"));
      }
      return;
    }
    for (CosignatureVerifier witness : required) {
      checks.add(check(note, witness));
    }
  }

  private static CheckResult check(SignedNote note, CosignatureVerifier witness) {
    ProofVerificationException failure = null;
    for (SignedNote.Signature signature : note.signatures()) {
      if (!witness.matches(signature)) {
        continue;
      }
      try {
        long time = witness.verify(note.text(), signature);
        return CheckResult.pass(check(witness), "cosigned by witness " + witness.keyIdText() + " at time " + time);
      } catch (ProofVerificationException e) {
        failure = e;
      }
    }
    return CheckResult.fail(check(witness), failure != null ? failure.getMessage()
        : "no cosignature by witness " + witness.keyIdText() + " on the checkpoint");
  }

  private static String check(CosignatureVerifier witness) {
    return "checkpoint.cosignature[" + witness.keyIdText() + "]";
  }
}

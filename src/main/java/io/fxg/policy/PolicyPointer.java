package io.fxg.policy;

import io.fxg.serialization.CborSerializable;
import java.util.Objects;

/**
 * Names one committed policy bundle: its version and the {@code sha256:} digest of its JCS form.
 * This small value, not the bundle, is what the cluster replicates; a node that sees a digest it
 * has not activated fetches the bundle from the {@link PolicyStore}.
 */
public record PolicyPointer(long version, String digest) implements CborSerializable {
  public PolicyPointer {
    Objects.requireNonNull(digest, "digest");
  }

  /** Whether this names exactly the given compiled policy. */
  public boolean names(CompiledPolicy policy) {
    return policy != null && policy.version() == version && policy.digest().equals(digest);
  }
}

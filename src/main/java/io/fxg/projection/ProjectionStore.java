package io.fxg.projection;

import java.util.Optional;

/**
 * Where projections keep their snapshots: per projection name one row holding the journal ordering
 * folded up to and the state after it, written together, so the ordering is never ahead of the
 * state. Shared by the nodes of a cluster (every node folds the same journal the same way).
 */
public interface ProjectionStore {
  /**
   * A stored snapshot.
   *
   * @param ordering the last journal ordering folded into {@code state}
   * @param version the state's format version, as its projection wrote it
   */
  record Stored(long ordering, int version, byte[] state) {}

  /** The snapshot of {@code name}, empty when none was stored. */
  Optional<Stored> load(String name);

  /**
   * Stores a snapshot unless one at a later ordering is already stored (another node may be
   * ahead, or an earlier save of this one may complete late).
   */
  void save(String name, Stored snapshot);

  /** Keeps nothing: every start folds the journal from its beginning. */
  static ProjectionStore none() {
    return new ProjectionStore() {
      @Override
      public Optional<Stored> load(String name) {
        return Optional.empty();
      }

      @Override
      public void save(String name, Stored snapshot) {}
    };
  }
}

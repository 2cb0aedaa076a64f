package io.fxg.identity;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The node's current {@link TrustView}, read without locks on the request path and replaced only
 * by {@link TrustRegistry}. {@link #loaded()} turns true once the registry has read the whole
 * journal, so readiness can wait for it (a node that has not loaded its trust view is not ready).
 */
public final class LiveTrust implements Supplier<TrustView> {
  private final AtomicReference<TrustView> current = new AtomicReference<>(TrustView.EMPTY);
  private volatile boolean loaded;

  @Override
  public TrustView get() {
    return current.get();
  }

  public boolean loaded() {
    return loaded;
  }

  void set(TrustView view) {
    current.set(view);
  }

  void markLoaded() {
    loaded = true;
  }

  /** A fixed view, loaded; for tests and tools that build a view by hand. */
  public static LiveTrust of(TrustView view) {
    LiveTrust live = new LiveTrust();
    live.set(view);
    live.markLoaded();
    return live;
  }
}

package io.fxg.demo;

/** Placeholder replaced by the demo wiring. */
public final class Demo {
  private Demo() {}

  public static int run() {
    return 1;
  }
}

package io.fxg.environment;

/** One action a target performed, as reported to the gateway: {@code {"action","resource"}}. */
public record ActionRef(String action, String resource) {
  public ActionRef {
    if (action == null || action.isEmpty() || resource == null) {
      throw new IllegalArgumentException("action and resource are required");
    }
  }
}

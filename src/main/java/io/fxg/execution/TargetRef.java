package io.fxg.execution;

import io.fxg.serialization.CborSerializable;

/** The target environment of an execution, {@code DOMAIN/ENVIRONMENT}. */
public record TargetRef(String domain, String environment) implements CborSerializable {
  public String id() {
    return domain + "/" + environment;
  }
}

package io.fxg.execution;

import io.fxg.serialization.CborSerializable;

/**
 * Who asked: a principal of a federated domain, or a target environment delegating a child
 * execution ({@code kind} "environment").
 */
public record Caller(String domain, String principal, String kind) implements CborSerializable {
  public static final String PRINCIPAL = "principal";
  public static final String ENVIRONMENT = "environment";

  public String keyId() {
    return domain + "/" + principal;
  }
}

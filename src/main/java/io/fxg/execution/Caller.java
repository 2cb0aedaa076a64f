package io.fxg.execution;

import io.fxg.serialization.CborSerializable;

/**
 * Who asked: a principal of a federated domain, or a target environment delegating a child
 * execution ({@code kind} "environment"), or, on a peer gateway, the origin gateway's caller whose
 * execution that gateway forwarded here ({@code kind} "peer": domain and principal are the origin
 * artifact's {@code sub}, vouched for by the origin gateway's signature).
 */
public record Caller(String domain, String principal, String kind) implements CborSerializable {
  public static final String PRINCIPAL = "principal";
  public static final String ENVIRONMENT = "environment";
  public static final String PEER = "peer";

  public String keyId() {
    return domain + "/" + principal;
  }
}

package io.fxg.http;

import java.util.List;

/**
 * The verified signer of a request.
 *
 * @param keyId the RFC 9421 keyid: {@code DOMAIN/PRINCIPAL}, {@code DOMAIN/ENVIRONMENT} or
 *     {@code admin/NAME}, or {@code gateway/NAME} for a peer gateway
 * @param kind principal, environment, admin or gateway
 */
public record Authenticated(String keyId, String domain, String name, String kind, List<String> roles) {
  public static final String PRINCIPAL = "principal";
  public static final String ENVIRONMENT = "environment";
  public static final String ADMIN = "admin";
  /** A peer gateway ({@code gateway/NAME}, SPEC section 13): domain {@code gateway}, name the peer's. */
  public static final String GATEWAY = "gateway";

  public boolean isGateway() {
    return GATEWAY.equals(kind);
  }

  public boolean isAdmin() {
    return ADMIN.equals(kind);
  }
}

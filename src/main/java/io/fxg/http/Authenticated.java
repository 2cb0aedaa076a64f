package io.fxg.http;

import java.util.List;

/**
 * The verified signer of a request.
 *
 * @param keyId the RFC 9421 keyid: {@code DOMAIN/PRINCIPAL}, {@code DOMAIN/ENVIRONMENT} or
 *     {@code admin/NAME}
 * @param kind principal, environment or admin
 */
public record Authenticated(String keyId, String domain, String name, String kind, List<String> roles) {
  public static final String PRINCIPAL = "principal";
  public static final String ENVIRONMENT = "environment";
  public static final String ADMIN = "admin";

  public boolean isAdmin() {
    return ADMIN.equals(kind);
  }
}

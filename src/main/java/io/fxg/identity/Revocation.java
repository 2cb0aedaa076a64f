package io.fxg.identity;

import java.util.Set;

/**
 * One revocation: a principal or environment key ({@code key}, id {@code DOMAIN/NAME}), a whole
 * environment ({@code environment}, id {@code DOMAIN/ENVIRONMENT}: its key and its attestations),
 * or an authorization artifact ({@code artifact}, id its {@code jti}). Revocations are permanent:
 * re-admitting a principal or environment takes a new id.
 *
 * @param seq position in the {@code revocations} chain
 */
public record Revocation(String kind, String id, String reason, String at, long seq) implements TrustUpdate {
  public static final String KEY = "key";
  public static final String ENVIRONMENT = "environment";
  public static final String ARTIFACT = "artifact";
  public static final Set<String> KINDS = Set.of(KEY, ENVIRONMENT, ARTIFACT);

  /** The identity of what is revoked, independent of when and why. */
  public String subject() {
    return subjectOf(kind, id);
  }

  public static String subjectOf(String kind, String id) {
    return kind + ":" + id;
  }
}

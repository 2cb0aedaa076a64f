package io.fxg.identity;

import java.util.regex.Pattern;

/** The id grammars of SPEC section 3. */
public final class Ids {
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
  private static final Pattern LOCAL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private Ids() {}

  public static boolean isDomain(String id) {
    return id != null && DOMAIN.matcher(id).matches();
  }

  /** Principal and environment ids share one grammar. */
  public static boolean isLocalId(String id) {
    return id != null && LOCAL.matcher(id).matches();
  }

  /** {@code DOMAIN/LOCAL}, as key ids of principals and environments are written. */
  public static boolean isQualified(String keyId) {
    if (keyId == null) {
      return false;
    }
    int slash = keyId.indexOf('/');
    return slash > 0 && isDomain(keyId.substring(0, slash)) && isLocalId(keyId.substring(slash + 1));
  }
}

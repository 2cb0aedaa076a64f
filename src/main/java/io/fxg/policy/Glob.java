package io.fxg.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled policy glob: {@code *} matches any run of characters (including none), every other
 * character is literal. Matching is linear in the subject for the common shapes ({@code *}, exact,
 * {@code prefix*}, {@code *suffix}) and greedy-leftmost for the rest, which is exact for
 * star-only globs. Immutable and thread-safe.
 */
final class Glob {
  private enum Shape { ANY, EXACT, PREFIX, SUFFIX, GENERAL }

  private final String pattern;
  private final Shape shape;
  private final String[] segments;
  private final boolean anchoredStart;
  private final boolean anchoredEnd;
  private final int minLength;

  private Glob(String pattern) {
    this.pattern = pattern;
    List<String> parts = new ArrayList<>();
    for (String part : pattern.split("\\*", -1)) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    this.segments = parts.toArray(String[]::new);
    this.anchoredStart = !pattern.startsWith("*");
    this.anchoredEnd = !pattern.endsWith("*");
    this.minLength = parts.stream().mapToInt(String::length).sum();
    int stars = pattern.length() - pattern.replace("*", "").length();
    if (segments.length == 0) {
      shape = Shape.ANY;
    } else if (stars == 0) {
      shape = Shape.EXACT;
    } else if (stars == 1 && anchoredStart && !anchoredEnd) {
      shape = Shape.PREFIX;
    } else if (stars == 1 && !anchoredStart && anchoredEnd) {
      shape = Shape.SUFFIX;
    } else {
      shape = Shape.GENERAL;
    }
  }

  /** Compiles an already validated pattern (see {@code BundleParser} for the accepted charset). */
  static Glob of(String pattern) {
    return new Glob(pattern);
  }

  String pattern() {
    return pattern;
  }

  boolean matches(String subject) {
    switch (shape) {
      case ANY:
        return true;
      case EXACT:
        return pattern.equals(subject);
      case PREFIX:
        return subject.startsWith(segments[0]);
      case SUFFIX:
        return subject.endsWith(segments[0]);
      default:
        return matchesGeneral(subject);
    }
  }

  private boolean matchesGeneral(String subject) {
    if (subject.length() < minLength) {
      return false;
    }
    int first = 0;
    int last = segments.length;
    int from = 0;
    int to = subject.length();
    if (anchoredStart) {
      if (!subject.startsWith(segments[0])) {
        return false;
      }
      from = segments[0].length();
      first = 1;
    }
    if (anchoredEnd) {
      String tail = segments[segments.length - 1];
      if (!subject.endsWith(tail)) {
        return false;
      }
      to = subject.length() - tail.length();
      last = segments.length - 1;
    }
    // The anchored head and tail must not overlap; minLength alone does not guarantee it.
    if (from > to) {
      return false;
    }
    for (int i = first; i < last; i++) {
      int at = subject.indexOf(segments[i], from);
      if (at < 0 || at + segments[i].length() > to) {
        return false;
      }
      from = at + segments[i].length();
    }
    return true;
  }

  /** True if any glob in {@code globs} matches; a plain loop, no iterator on the hot path. */
  static boolean anyMatches(Glob[] globs, String subject) {
    for (Glob glob : globs) {
      if (glob.matches(subject)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return pattern;
  }
}

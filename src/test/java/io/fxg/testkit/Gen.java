package io.fxg.testkit;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A tiny seeded generator for the fuzz tests: {@code next} draws one value from the random
 * source, so a run is replayed by its seed. No shrinking: a failure prints its case as generated.
 * {@link #forAll} runs a property as a plain JUnit 5 loop ({@code fxg.fuzz.tries} cases, seed
 * {@code fxg.fuzz.seed}, default random and printed).
 */
@FunctionalInterface
public interface Gen<T> {
  T next(Random r);

  /** Cases per property: system property {@code fxg.fuzz.tries} (default 200). */
  static int tries() {
    String value = System.getProperty("fxg.fuzz.tries");
    return value == null || value.isBlank() ? 200 : Integer.parseInt(value.trim());
  }

  /** The run's seed: system property {@code fxg.fuzz.seed}, else one random seed per JVM. */
  static long seed() {
    return Run.SEED;
  }

  /**
   * Checks {@code property} on {@link #tries()} cases of {@code gen}. The random source of this
   * property is the run's seed mixed with {@code name}, so {@code -Dfxg.fuzz.seed=S} replays
   * every property of a run. The first failing case stops the loop with the seed, the case number
   * and the case in the message.
   */
  static <T> void forAll(String name, Gen<T> gen, Consumer<? super T> property) {
    long seed = seed();
    int tries = tries();
    String test = StackWalker.getInstance().walk(frames -> frames
        .filter(f -> !f.getClassName().startsWith(Gen.class.getName()))
        .findFirst().map(f -> f.getClassName() + "#" + f.getMethodName()).orElse(name));
    System.out.printf("fuzz %s: seed %d, %d tries (replay: -Dfxg.fuzz.seed=%d)%n", name, seed, tries, seed);
    Random random = new Random(seed ^ (0x9E3779B97F4A7C15L * name.hashCode()));
    for (int i = 1; i <= tries; i++) {
      T value = null;
      boolean generated = false;
      try {
        value = gen.next(random);
        generated = true;
        property.accept(value);
      } catch (Throwable failure) {
        String shown = generated ? abbreviate(String.valueOf(value)) : "(generation failed)";
        throw new AssertionError("fuzz " + name + " failed on case " + i + " of " + tries + ", seed " + seed
            + " (replay: -Dtest='" + test + "' -Dfxg.fuzz.seed=" + seed + ")\n  case: " + shown + "\n  "
            + failure, failure);
      }
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 4_000 ? text.substring(0, 4_000) + "...(" + text.length() + " chars)" : text;
  }

  /** Holds the run's seed. */
  final class Run {
    static final long SEED = initialSeed();

    private Run() {}

    private static long initialSeed() {
      String value = System.getProperty("fxg.fuzz.seed");
      return value == null || value.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(value.trim());
    }
  }

  // ---- combinators

  default <U> Gen<U> map(Function<? super T, ? extends U> f) {
    return r -> f.apply(next(r));
  }

  /** Values that satisfy {@code p}; gives up after 10,000 draws in a row. */
  default Gen<T> filter(Predicate<? super T> p) {
    return r -> {
      for (int i = 0; i < 10_000; i++) {
        T value = next(r);
        if (p.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("filter rejected 10,000 values in a row");
    };
  }

  /** Lists of {@code min} to {@code max} values. */
  default Gen<List<T>> list(int min, int max) {
    Gen<Integer> size = ints(min, max);
    return r -> {
      int n = size.next(r);
      List<T> items = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        items.add(next(r));
      }
      return items;
    };
  }

  /** Lists of at most {@code max} distinct values (fewer when the values run out). */
  default Gen<List<T>> uniqueList(int max) {
    Gen<Integer> size = ints(0, max);
    return r -> {
      int n = size.next(r);
      Set<T> items = new LinkedHashSet<>();
      for (int i = 0; i < n * 20 && items.size() < n; i++) {
        items.add(next(r));
      }
      return new ArrayList<>(items);
    };
  }

  static <T> Gen<T> constant(T value) {
    return r -> value;
  }

  /** One of the values, uniformly. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  static <T> Gen<T> of(T... values) {
    return elements(Arrays.asList(values));
  }

  /** One of the values, uniformly. */
  static <T> Gen<T> elements(List<? extends T> values) {
    List<? extends T> copy = List.copyOf(values);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    return r -> copy.get(r.nextInt(copy.size()));
  }

  /** A value of one of the generators, chosen uniformly. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Gen<? extends T>> copy = List.of(gens);
    return r -> copy.get(r.nextInt(copy.size())).next(r);
  }

  /** A generator with its weight, for {@link #frequency}. */
  record Weighted<T>(int weight, Gen<? extends T> gen) {}

  static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
    return new Weighted<>(weight, gen);
  }

  /** A value of one of the generators, chosen in proportion to the weights. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  static <T> Gen<T> frequency(Weighted<? extends T>... options) {
    List<Weighted<? extends T>> copy = List.of(options);
    int total = copy.stream().mapToInt(Weighted::weight).sum();
    return r -> {
      int pick = r.nextInt(total);
      for (Weighted<? extends T> option : copy) {
        pick -= option.weight();
        if (pick < 0) {
          return option.gen().next(r);
        }
      }
      throw new IllegalStateException("unreachable");
    };
  }

  // ---- numbers (a twentieth of the draws are the edges: the bounds and 0)

  /** Integers from {@code lo} to {@code hi}, both included. */
  static Gen<Integer> ints(int lo, int hi) {
    if (lo > hi) {
      throw new IllegalArgumentException(lo + " > " + hi);
    }
    return r -> {
      if (r.nextInt(20) == 0) {
        int edge = r.nextInt(3);
        return edge == 0 ? lo : edge == 1 ? hi : Math.max(lo, Math.min(hi, 0));
      }
      return (int) (lo + (long) (r.nextDouble() * ((long) hi - lo + 1)));
    };
  }

  /** Any int. */
  static Gen<Integer> ints() {
    return frequency(weight(19, Random::nextInt), weight(1, of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE)));
  }

  /** Any long. */
  static Gen<Long> longs() {
    return frequency(weight(19, Random::nextLong), weight(1, of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE)));
  }

  /** Any double, finite or not, small or huge. */
  static Gen<Double> doubles() {
    return frequency(
        weight(8, r -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(20))),
        weight(4, r -> Double.longBitsToDouble(r.nextLong())),
        weight(1, of(0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)));
  }

  /** Big integers from {@code lo} to {@code hi}, both included. */
  static Gen<BigInteger> bigIntegers(BigInteger lo, BigInteger hi) {
    BigInteger span = hi.subtract(lo).add(BigInteger.ONE);
    return r -> {
      if (r.nextInt(20) == 0) {
        return r.nextBoolean() ? lo : hi;
      }
      BigInteger value;
      do {
        value = new BigInteger(span.bitLength(), r);
      } while (value.compareTo(span) >= 0);
      return lo.add(value);
    };
  }

  /** Any byte. */
  static Gen<Byte> bytes() {
    return r -> (byte) r.nextInt(256);
  }

  // ---- characters and strings

  /** Characters (UTF-16 units) from {@code lo} to {@code hi}, both included. */
  static Gen<Character> chars(char lo, char hi) {
    return ints(lo, hi).map(c -> (char) c.intValue());
  }

  /** Any UTF-16 unit: NUL, controls, lone surrogates, private use. */
  static Gen<Character> anyChar() {
    return chars('\u0000', '\uffff');
  }

  /** One of the characters of {@code chars}, uniformly. */
  static Gen<Character> charsOf(String chars) {
    if (chars.isEmpty()) {
      throw new IllegalArgumentException("no characters");
    }
    return r -> chars.charAt(r.nextInt(chars.length()));
  }

  /** The characters from {@code lo} to {@code hi} as one string, to build a {@link #charsOf} set. */
  static String range(char lo, char hi) {
    StringBuilder text = new StringBuilder();
    for (char c = lo; c <= hi && c >= lo; c++) {
      text.append(c);
      if (c == Character.MAX_VALUE) {
        break;
      }
    }
    return text.toString();
  }

  /** Strings of {@code min} to {@code max} characters drawn from {@code chars}. */
  static Gen<String> strings(Gen<Character> chars, int min, int max) {
    Gen<Integer> length = ints(min, max);
    return r -> {
      int n = length.next(r);
      StringBuilder text = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        text.append(chars.next(r).charValue());
      }
      return text.toString();
    };
  }

  /** Strings of {@code min} to {@code max} characters of {@code chars}. */
  static Gen<String> strings(String chars, int min, int max) {
    return strings(charsOf(chars), min, max);
  }
}

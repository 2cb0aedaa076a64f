package io.fxg.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The properties every fuzzed request must keep: never a 5xx; every 4xx an RFC 9457
 * {@code application/problem+json} with {@code type}, {@code status} and {@code detail} (and, for
 * bad input, {@code field}); nothing journaled for a refusal. Also counts cases per property so
 * each property can print one line with its figures.
 */
public final class FuzzVerdicts {
  private static final Map<String, Map<String, AtomicLong>> TALLY = new ConcurrentHashMap<>();
  private static final Map<String, Long> STARTED = new ConcurrentHashMap<>();

  private FuzzVerdicts() {}

  /**
   * Sends the request with {@code journal} counted before and after, checks the response and
   * the count, and records the case under {@code property}. Returns the response.
   */
  public static RawHttp.Response check(String property, String request, LongSupplier journal,
      Supplier<RawHttp.Response> send) {
    STARTED.putIfAbsent(property, System.nanoTime());
    long before = journal.getAsLong();
    RawHttp.Response response = send.get();
    int status = response.status();
    String described = request + "\n  -> " + status + " " + response.contentType() + " " + abbreviated(response.body());
    record(property, status);
    if (status >= 500) {
      throw new AssertionError("5xx: " + described);
    }
    if (status >= 400) {
      problem(response, described);
      long after = journal.getAsLong();
      if (after != before) {
        throw new AssertionError("refused but journaled " + (after - before) + " row(s): " + described);
      }
    }
    return response;
  }

  /**
   * A 400 for bad input names the member: {@code field} is given and related to {@code member}
   * (or is {@code body}, {@code bundle} for a policy, when {@code documentLevel}: a repeated member
   * name or a member name with a lone surrogate makes the whole body malformed JSON).
   */
  public static void namesField(RawHttp.Response response, String member, String request, boolean documentLevel) {
    if (response.status() != 400) {
      return;
    }
    JsonNode problem = parse(response.body());
    // A member may be named "" or " " (an unknown member of that name): the field is then that name.
    String field = problem.path("field").asText(null);
    if (field == null) {
      throw new AssertionError("400 without field: " + request + "\n  -> " + response.body());
    }
    boolean malformedName = documentLevel && ("body".equals(field) || "bundle".equals(field));
    if (member != null && !related(ascii(field), ascii(member)) && !malformedName) {
      throw new AssertionError("400 names field " + field + ", not the changed member " + member + ": "
          + request + "\n  -> " + response.body());
    }
  }

  /**
   * The text with every character outside printable ASCII as one {@code ?} per run: a name with
   * a lone surrogate cannot be written as UTF-8, so the server's {@code field} holds replacements.
   */
  private static String ascii(String text) {
    return text.replaceAll("(?:[^\\x20-\\x7e]|\\?)+", "?");
  }

  /** The field names the member, one of its ancestors or one of its descendants. */
  static boolean related(String field, String member) {
    return field.equals(member) || descends(field, member) || descends(member, field);
  }

  private static boolean descends(String path, String ancestor) {
    return path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
  }

  private static void problem(RawHttp.Response response, String described) {
    if (!response.contentType().startsWith("application/problem+json")) {
      throw new AssertionError("4xx not problem+json: " + described);
    }
    JsonNode problem = parse(response.body());
    if (!problem.path("type").asText("").startsWith("urn:fxg:problem:")
        || problem.path("status").asInt(-1) != response.status()
        || !problem.path("detail").isTextual() || problem.path("detail").asText().isBlank()) {
      throw new AssertionError("problem lacks type, status or detail: " + described);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return Json.parse(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private static void record(String property, int status) {
    TALLY.computeIfAbsent(property, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(Integer.toString(status), s -> new AtomicLong()).incrementAndGet();
  }

  /** Prints {@code fuzz PROPERTY: N cases in S s, by status {...}} for each property seen, and forgets them. */
  public static void report() {
    new TreeMap<>(TALLY).forEach((property, statuses) -> {
      long cases = statuses.values().stream().mapToLong(AtomicLong::get).sum();
      double seconds = (System.nanoTime() - STARTED.getOrDefault(property, System.nanoTime())) / 1e9;
      System.out.printf("fuzz %s: %d cases in %.1f s, by status %s%n", property, cases, seconds, new TreeMap<>(statuses));
    });
    TALLY.clear();
    STARTED.clear();
  }

  private static String abbreviated(String text) {
    return text.length() > 400 ? text.substring(0, 400) + "..." : text;
  }
}

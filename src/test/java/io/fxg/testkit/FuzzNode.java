package io.fxg.testkit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.cluster.GatewayNode;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real node for fuzzing its HTTP surface: an admin key, a domain {@code fuzz} whose principal
 * ({@code fuzz/agent-1}) and environment ({@code fuzz/env-1}) keys the test holds, a domain
 * {@code fuzzed} that admin bodies may change, an installed policy, and one finished execution
 * (denied by that policy, its proof persisted) for reports and cancels. Its journal is an
 * in-memory H2 database the test reads directly, to prove a refusal journaled nothing.
 */
public final class FuzzNode implements AutoCloseable {
  public static final String DOMAIN = "fuzz";
  public static final String ADMIN_DOMAIN = "fuzzed";
  public static final String IMAGE = "sha256:" + "ab".repeat(32);
  public static final long POLICY_VERSION = 1;
  private final GatewayNode node;
  private final String jdbcUrl;
  private final Connection journal;
  private final RawHttp http;
  public final Signer admin;
  public final Signer principal;
  public final Signer environment;
  public final String finishedExecution;

  private FuzzNode() throws IOException, SQLException {
    Path keys = Files.createTempDirectory("fxg-fuzz-keys");
    jdbcUrl = "jdbc:h2:mem:fxg-fuzz-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    // The rate limit is lifted so that thousands of cases exercise parsers, not the limiter.
    node = GatewayNode.start(TestNodes.config("fxg.keys.dir = \"" + keys + "\"\n"
        + "fxg.http.rate-limit-per-second = 1000000\nfxg.http.rate-limit-burst = 1000000", jdbcUrl), s -> s);
    http = new RawHttp(node.httpPort());
    await().atMost(Duration.ofSeconds(180)).until(() -> send("GET", "/health/ready", null, (byte[]) null).status() == 200);
    admin = Federation.admin(keys);
    Jwk principalKey = Jwk.generate(DOMAIN + "/agent-1");
    Jwk environmentKey = Jwk.generate(DOMAIN + "/env-1");
    principal = principalKey.signer().orElseThrow();
    environment = environmentKey.signer().orElseThrow();
    String fuzzed = domainDocument(Jwk.generate(null), Jwk.generate(null));
    expect(() -> send("PUT", "/v1/admin/domains/" + DOMAIN, admin, domainDocument(principalKey, environmentKey)), 201, 200);
    expect(() -> send("PUT", "/v1/admin/domains/" + ADMIN_DOMAIN, admin, fuzzed), 201, 200);
    expect(() -> send("PUT", "/v1/admin/policy", admin, Json.write(TestPolicies.bundle(POLICY_VERSION))), 200, 409);
    RawHttp.Response submitted = expect(() -> send("POST", "/v1/executions", principal, submitBody()), 202);
    finishedExecution = json(submitted).get("executionId").asText();
    await().atMost(Duration.ofSeconds(180)).until(() -> {
      JsonNode records = json(send("GET", "/v1/executions/" + finishedExecution + "/lineage", principal, (byte[]) null)).path("records");
      return records.size() > 0 && "proof.persisted".equals(records.get(records.size() - 1).path("type").asText());
    });
    journal = DriverManager.getConnection(jdbcUrl, "fxg", "");
  }

  public static FuzzNode start() {
    try {
      return new FuzzNode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The domain document of {@link #DOMAIN}: one invoker principal, one environment. */
  public static String domainDocument(Jwk principalKey, Jwk environmentKey) {
    ObjectNode doc = Federation.withPrincipal(Federation.document("Fuzz"), "agent-1", principalKey, "invoker");
    Federation.withEnvironment(doc, "env-1", "http://127.0.0.1:9", environmentKey, Map.of("image", IMAGE), 30);
    return Json.write(doc);
  }

  /** A valid submission to the domain's own environment (the installed policy denies it). */
  public static String submitBody() {
    return "{\"target\":{\"domain\":\"" + DOMAIN + "\",\"environment\":\"env-1\"},\"action\":\"invoice.create\","
        + "\"resource\":\"invoices/2026-11\",\"parameters\":{\"amount\":250},\"maxDurationSeconds\":30}";
  }

  public int port() {
    return node.httpPort();
  }

  public RawHttp raw() {
    return http;
  }

  /** Sends a request signed by {@code key} (unsigned when null) over exactly {@code body}. */
  public RawHttp.Response send(String method, String target, Signer key, String body) {
    return send(method, target, key, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  public RawHttp.Response send(String method, String target, Signer key, byte[] body) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    if (body != null) {
      headers.add(Map.entry("Content-Type", "application/json"));
    }
    if (key != null) {
      signatureHeaders(key, method, target, body).forEach((name, value) -> headers.add(Map.entry(name, value)));
    }
    return http.send(method, target, headers, body);
  }

  /** The signature fields for this request target as the server will see its path and query. */
  public Map<String, String> signatureHeaders(Signer key, String method, String target, byte[] body) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? null : target.substring(q + 1);
    SignedRequestView view = new SignedRequestView(method, "http", "127.0.0.1:" + port(), serverPath(path), query,
        Map.of(), body);
    try {
      return MessageSigner.create(key, Clock.systemUTC()).sign(view).asMap();
    } catch (IllegalStateException e) {
      return Map.of(); // a path no signature base can hold (a raw space): sent unsigned
    }
  }

  /** Pekko normalizes the path before a route sees it (decodes unreserved percent-escapes). */
  private static String serverPath(String rawPath) {
    try {
      return org.apache.pekko.http.javadsl.model.Uri.create(rawPath).path();
    } catch (RuntimeException e) {
      return rawPath;
    }
  }

  /** Rows the journal holds for persistence ids matching the SQL LIKE pattern. */
  public long rows(String persistenceIdLike) {
    return count("SELECT COUNT(*) FROM \"event_journal\" WHERE \"persistence_id\" LIKE ?", persistenceIdLike);
  }

  /** Distinct persistence ids (entities that journaled anything) matching the pattern. */
  public long entities(String persistenceIdLike) {
    return count("SELECT COUNT(DISTINCT \"persistence_id\") FROM \"event_journal\" WHERE \"persistence_id\" LIKE ?",
        persistenceIdLike);
  }

  private long count(String sql, String like) {
    try (PreparedStatement statement = journal.prepareStatement(sql)) {
      statement.setString(1, like);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(RawHttp.Response response) {
    try {
      return Json.parse(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /**
   * Sends a fixture call until it answers one of {@code statuses} (a loaded machine may answer 503
   * while the node settles; a change retried after a lost answer comes back as 200 or 409).
   */
  private static RawHttp.Response expect(java.util.function.Supplier<RawHttp.Response> call, Integer... statuses) {
    java.util.concurrent.atomic.AtomicReference<RawHttp.Response> last = new java.util.concurrent.atomic.AtomicReference<>();
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
        last.set(call.get());
        return java.util.List.of(statuses).contains(last.get().status());
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new IllegalStateException("fixture call answered " + last.get().status() + ": " + last.get().body(), e);
    }
    return last.get();
  }

  @Override
  public void close() {
    try {
      journal.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      node.close();
    }
  }
}

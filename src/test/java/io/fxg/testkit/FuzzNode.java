package io.fxg.testkit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.httpsig.MessageSigner;
import io.fxg.httpsig.SignedRequestView;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link GatewayFixture} node for fuzzing its HTTP surface, one per test class as an extension
 * ({@code @RegisterExtension static final FuzzNode node = FuzzNode.create();}): its rate limit
 * lifted, a domain {@code fuzz} whose principal ({@code fuzz/agent-1}) and environment
 * ({@code fuzz/env-1}) keys the test holds, a domain {@code fuzzed} that admin bodies may change, an
 * installed policy, and one finished execution (denied by that policy, its proof persisted) for
 * reports and cancels. Its journal is the fixture's in-memory H2 database, which the test reads
 * directly to prove a refusal journaled nothing. What it adds to the fixture is the fuzz domains,
 * the finished execution, requests signed over exactly the bytes sent, journal counts, and the
 * {@link FuzzVerdicts#report() tally} printed after each test.
 */
public final class FuzzNode implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  public static final String DOMAIN = "fuzz";
  public static final String ADMIN_DOMAIN = "fuzzed";
  public static final String IMAGE = "sha256:" + "ab".repeat(32);
  public static final long POLICY_VERSION = 1;
  /** A loaded machine may take this long to start the node and to persist the finished execution's proof. */
  private static final Duration SETTLE = Duration.ofSeconds(180);
  private final GatewayFixture fixture;
  private Connection journal;
  private RawHttp http;
  private String finishedExecution;
  public final Signer admin;
  public final Signer principal;
  public final Signer environment;

  private FuzzNode() {
    Jwk principalKey = Jwk.generate(DOMAIN + "/agent-1");
    Jwk environmentKey = Jwk.generate(DOMAIN + "/env-1");
    principal = principalKey.signer().orElseThrow();
    environment = environmentKey.signer().orElseThrow();
    fixture = GatewayFixture.builder()
        // The rate limit is lifted so that thousands of cases exercise parsers, not the limiter.
        .config("fxg.http.rate-limit-per-second = 1000000\nfxg.http.rate-limit-burst = 1000000")
        .startWithin(SETTLE)
        .federation(domain(domain(Federation.of(), DOMAIN, principalKey, environmentKey),
            ADMIN_DOMAIN, Jwk.generate(null), Jwk.generate(null)))
        .policy(TestPolicies.bundle(POLICY_VERSION))
        .build();
    admin = fixture.admin();
  }

  /** The node, to register as a static extension: it starts before the class's tests. */
  public static FuzzNode create() {
    return new FuzzNode();
  }

  /** Starts the fixture, then submits the execution and waits until its proof is persisted. */
  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    fixture.start();
    http = new RawHttp(port());
    RawHttp.Response submitted = expect(() -> send("POST", "/v1/executions", principal, submitBody()), 202);
    finishedExecution = json(submitted).get("executionId").asText();
    await().atMost(SETTLE).until(() -> {
      JsonNode records = json(send("GET", "/v1/executions/" + finishedExecution + "/lineage", principal, (byte[]) null)).path("records");
      return records.size() > 0 && "proof.persisted".equals(records.get(records.size() - 1).path("type").asText());
    });
    journal = fixture.journal().connect();
  }

  /** A domain like {@link #DOMAIN}: principal {@code agent-1} (invoker), environment {@code env-1} where nothing runs. */
  private static Federation domain(Federation federation, String domain, Jwk principalKey, Jwk environmentKey) {
    return federation.domain(domain, "Fuzz").principal(domain + "/agent-1", principalKey, "invoker")
        .registered(domain + "/env-1", environmentKey, "http://127.0.0.1:9", Map.of("image", IMAGE), 30);
  }

  /** The domain document of {@link #DOMAIN}: one invoker principal, one environment. */
  public static String domainDocument(Jwk principalKey, Jwk environmentKey) {
    return Json.write(domain(Federation.of(), DOMAIN, principalKey, environmentKey).documents(Map.of()).get(DOMAIN));
  }

  /** A valid submission to the domain's own environment (the installed policy denies it). */
  public static String submitBody() {
    return "{\"target\":{\"domain\":\"" + DOMAIN + "\",\"environment\":\"env-1\"},\"action\":\"invoice.create\","
        + "\"resource\":\"invoices/2026-11\",\"parameters\":{\"amount\":250},\"maxDurationSeconds\":30}";
  }

  public int port() {
    return fixture.node().httpPort();
  }

  /** The execution submitted at the start: denied by the policy, its proof persisted. */
  public String finishedExecution() {
    return finishedExecution;
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

  /** Sends a set-up call until it answers one of {@code statuses} (a loaded machine may answer 503 while the node settles). */
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
  public void afterEach(ExtensionContext context) {
    FuzzVerdicts.report();
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    try {
      if (journal != null) {
        journal.close();
      }
    } finally {
      fixture.close();
    }
  }
}

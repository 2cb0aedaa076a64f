package io.fxg.testkit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.CryptoException;
import io.fxg.environment.DemoTarget;
import io.fxg.environment.JwksKeys;
import io.fxg.environment.TargetEnvironment;
import io.fxg.mcp.McpToolServer;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/** Starts a fixture's demo targets and registers its federation through the admin API. */
final class FederationInstall {
  private FederationInstall() {}

  static void install(GatewayFixture fixture, Federation federation, Map<String, TargetEnvironment> targets,
      Map<String, McpToolServer> toolServers) {
    URI gateway = URI.create(fixture.url("/"));
    Map<String, String> endpoints = new LinkedHashMap<>();
    for (Federation.Target target : federation.targets()) {
      TargetEnvironment.Builder builder = DemoTarget.configure(TargetEnvironment.builder(target.key().signer().orElseThrow())
          .host("127.0.0.1").port(0).gateway(gateway).gatewayKeys(() -> gatewayKeys(fixture)));
      try {
        targets.put(target.id(), target.customize().apply(builder).start());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      endpoints.put(target.id(), targets.get(target.id()).endpoint().toString());
    }
    Map<String, Map<String, String>> toolMeasurements = new LinkedHashMap<>();
    for (Federation.ToolServer server : federation.toolServers()) {
      McpToolServer.Builder builder = McpToolServer.builder(server.key().signer().orElseThrow())
          .host("127.0.0.1").port(0).gatewayKeys(() -> gatewayKeys(fixture));
      try {
        McpToolServer started = server.customize().apply(builder).start();
        toolServers.put(server.id(), started);
        endpoints.put(server.id(), started.endpoint().toString());
        toolMeasurements.put(server.id(), started.measurements().snapshot());
      } catch (Exception e) {
        throw new IllegalStateException("tool server " + server.id() + " did not start", e);
      }
    }
    for (Map.Entry<String, ObjectNode> domain : federation.documents(endpoints, toolMeasurements).entrySet()) {
      String path = "/v1/admin/domains/" + domain.getKey();
      String body = Json.write(domain.getValue());
      expect(201, () -> fixture.asAdmin("PUT", path, body), fixture.startWithin());
    }
  }

  /** The first node's keys, read at every call (a target checks artifacts against them). */
  private static JwksKeys gatewayKeys(GatewayFixture fixture) {
    try {
      return JwksKeys.parse(fixture.node().keysJwks());
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code call} until it answers anything but 503 ({@code within} at most: a loaded node may
   * answer 503 while it settles); that answer must be {@code status}.
   */
  static void expect(int status, Supplier<HttpResponse<String>> call, Duration within) {
    AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
    try {
      await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
        last.set(call.get());
        return last.get().statusCode() != 503;
      });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("no answer but 503 within " + within
          + (last.get() == null ? "" : ": " + last.get().body()), e);
    }
    HttpResponse<String> response = last.get();
    if (response.statusCode() != status) {
      throw new IllegalStateException(response.request().uri() + " answered " + response.statusCode() + ", not "
          + status + ": " + response.body());
    }
  }
}

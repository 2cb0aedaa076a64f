package io.fxg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.testkit.CommandProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees on the terminal: each command run as its own process (the jar's classes and
 * logging, no test logging), its first and last lines its own, no framework INFO and no SLF4J
 * initialisation or "replay" lines. One node serves the signing commands; the audit reads its
 * journal after it stopped. ({@code scripts/fxg demo} is run the same way by {@code DocsCommandsTest}.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerminalOutputTest {
  private static final Duration START = Duration.ofSeconds(120);
  private static final Duration COMMAND = Duration.ofSeconds(60);

  @TempDir
  static Path dir;
  static Path home;
  static Map<String, String> env;
  static CommandProcess node;

  @BeforeAll
  static void startNode() {
    home = dir.resolve("home");
    int http = CommandProcess.freePort();
    env = Map.of("FXG_HOME", home.toString(), "FXG_HTTP_PORT", Integer.toString(http),
        "FXG_CLUSTER_PORT", Integer.toString(CommandProcess.freePort()), "FXG_GATEWAY", "http://127.0.0.1:" + http);
    node = CommandProcess.start(CommandProcess.fxg("node"), dir, env);
    node.awaitLine("Stop with Ctrl-C or SIGTERM.", START);
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void node_printsAStartLineAndASummary_andLogsTheFrameworkToItsFile() throws IOException {
    List<String> printed = node.printed();
    assertTrue(printed.get(0).startsWith("fxg node: starting (home " + home), node.output());
    assertOwn(printed, node.output());
    assertTrue(printed.stream().anyMatch(l -> l.startsWith("fxg node: serving http://127.0.0.1:")), node.output());
    Path log = home.resolve("logs").resolve("fxg.log");
    String logged = Files.readString(log);
    assertTrue(logged.contains("listening on") && logged.contains("Cluster Node"), "the framework log holds Pekko's start-up");
    assertFalse(node.output().contains("Cluster Node"), "Pekko's INFO stays off the terminal:\n" + node.output());
  }

  @Test
  @Order(2)
  void keygen_printsTheFilesAndTheKid() {
    CommandProcess keygen = CommandProcess.run(CommandProcess.fxg("keygen", "--out", "generated", "--name", "partner-x/agent-1"),
        dir, env, COMMAND);
    assertEquals(0, keygen.exitCode(), keygen.output());
    List<String> printed = keygen.printed();
    assertTrue(printed.get(0).startsWith("private key: generated/"), keygen.output());
    assertEquals("kid:         partner-x/agent-1", printed.get(printed.size() - 1), keygen.output());
    assertOwn(printed, keygen.output());
  }

  @Test
  @Order(3)
  void submit_andAdmin_printTheGatewaysAnswer() {
    String adminKey = home.resolve("keys").resolve("admin.private.jwk").toString();
    CommandProcess submit = CommandProcess.run(CommandProcess.fxg("submit", "--key", adminKey, "--target", "acme/billing-prod",
        "--action", "invoice.create", "--resource", "invoices/1"), dir, env, COMMAND);
    assertEquals(1, submit.exitCode(), submit.output());
    assertEquals("{", submit.printed().get(0), submit.output());
    assertEquals("fxg: POST /v1/executions answered HTTP 403", last(submit.printed()), submit.output());
    assertOwn(submit.printed(), submit.output());

    CommandProcess admin = CommandProcess.run(CommandProcess.fxg("admin", "get-domain", "--key", adminKey, "--domain", "acme"),
        dir, env, COMMAND);
    assertEquals(1, admin.exitCode(), admin.output());
    assertEquals("{", admin.printed().get(0), admin.output());
    assertEquals("fxg: GET /v1/admin/domains/acme answered HTTP 404", last(admin.printed()), admin.output());
    assertOwn(admin.printed(), admin.output());
  }

  @Test
  @Order(4)
  void verify_printsOneLinePerCheckAndTheVerdict() throws IOException {
    Files.writeString(dir.resolve("bundle.json"), "{}");
    CommandProcess verify = CommandProcess.run(CommandProcess.fxg("verify", "bundle.json"), dir, env, COMMAND);
    assertEquals(1, verify.exitCode(), verify.output());
    assertTrue(verify.printed().get(0).startsWith("WARN keys.jwks: no JWKS supplied"), verify.output());
    assertTrue(last(verify.printed()).startsWith("FAILED: bundle.format:"), verify.output());
    assertOwn(verify.printed(), verify.output());
  }

  @Test
  @Order(5)
  void audit_afterTheNodeStops_printsItsSummaryAndVerdict() {
    node.stop(COMMAND);
    assertOwn(node.printed(), node.output());
    CommandProcess audit = CommandProcess.run(CommandProcess.fxg("audit"), dir, env, COMMAND);
    assertEquals(0, audit.exitCode(), audit.output());
    assertTrue(audit.printed().get(0).startsWith("audit: "), audit.output());
    assertEquals("OK: no discrepancy", last(audit.printed()), audit.output());
    assertOwn(audit.printed(), audit.output());
  }

  /** No line of a framework: no SLF4J initialisation or replay notice, no INFO from a logger. */
  static void assertOwn(List<String> printed, String output) {
    assertFalse(printed.isEmpty(), "nothing printed");
    for (String line : printed) {
      assertFalse(CommandProcess.FRAMEWORK_LINE.matcher(line).matches(), "not the command's own: " + line + "\n" + output);
    }
  }

  static String last(List<String> lines) {
    return lines.get(lines.size() - 1);
  }
}

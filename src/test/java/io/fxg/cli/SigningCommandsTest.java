package io.fxg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import io.fxg.testkit.Federation;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.StubServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code fxg submit} and {@code fxg admin} against a node: signed, printed, exit codes. */
class SigningCommandsTest {
  @RegisterExtension
  static final GatewayFixture node = GatewayFixture.builder().services(StubServices.permitting()).build();
  static Path keys;
  static Path dir;
  static String gateway;
  static Path agentKey;

  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return Json.parse(out);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    keys = node.keysDir();
    dir = Files.createTempDirectory("fxg-cli");
    gateway = node.url("");
    Jwk agent = Jwk.generate("partner-a/agent-7");
    agentKey = dir.resolve("agent.private.jwk");
    Files.writeString(agentKey, Json.write(agent.toPrivateJson()));
    Files.writeString(dir.resolve("partner-a.json"),
        Json.write(Federation.withPrincipal(Federation.document("Partner A"), "agent-7", agent, "invoker")));
  }

  static Run fxg(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Run admin(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "admin";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--gateway";
    all[args.length + 2] = gateway;
    all[args.length + 3] = "--key";
    all[args.length + 4] = keys.resolve("admin.private.jwk").toString();
    return fxg(all);
  }

  static Run submit(String... extra) {
    String[] base = {"submit", "--gateway", gateway, "--key", agentKey.toString(), "--target", "acme/billing-prod",
        "--action", "invoice.create", "--resource", "invoices/2026-11", "--params", "{\"amount\":250}"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return fxg(all);
  }

  @Test
  void adminPutDomain_thenSubmitWithWait_printsCompletedExecution() throws Exception {
    Run put = admin("put-domain", dir.resolve("partner-a.json").toString(), "--domain", "partner-a");
    assertEquals(0, put.exit(), put.err());
    assertEquals("partner-a/agent-7", put.json().at("/principals/0/jwk/kid").asText());
    assertEquals(0, admin("get-domain", "--domain", "partner-a").exit());

    Run done = submit("--wait", "5", "--idempotency-key", "cli-1");
    assertEquals(0, done.exit(), done.out() + done.err());
    assertEquals("completed", done.json().get("status").asText());
    Run again = submit("--wait", "5", "--idempotency-key", "cli-1");
    assertEquals(done.json().get("executionId"), again.json().get("executionId"));

    Run bad = submit("--max-duration", "0");
    assertEquals(1, bad.exit());
    assertEquals("maxDurationSeconds", bad.json().get("field").asText());
  }

  @Test
  void adminRevokeAndSuspend_refuseLaterSubmissions() throws Exception {
    Jwk other = Jwk.generate("partner-c/agent-1");
    Path otherKey = dir.resolve("other.private.jwk");
    Files.writeString(otherKey, Json.write(other.toPrivateJson()));
    Path doc = dir.resolve("partner-c.json");
    Files.writeString(doc, Json.write(Federation.withPrincipal(Federation.document("C"), "agent-1", other, "invoker")));
    assertEquals(0, admin("put-domain", doc.toString(), "--domain", "partner-c").exit());
    String[] asOther = {"submit", "--gateway", gateway, "--key", otherKey.toString(), "--target", "acme/billing-prod",
        "--action", "invoice.create", "--resource", "invoices/1"};
    assertEquals(0, fxg(asOther).exit());

    assertEquals(0, admin("suspend", "--domain", "partner-c", "--reason", "audit").exit());
    Run suspended = fxg(asOther);
    assertEquals(1, suspended.exit());
    assertEquals("urn:fxg:problem:signature.suspended-domain", suspended.json().get("type").asText());
    assertEquals(0, admin("resume", "--domain", "partner-c").exit());
    assertEquals(0, fxg(asOther).exit());

    assertEquals(0, admin("revoke", "--kind", "key", "--id", "partner-c/agent-1", "--reason", "left").exit());
    assertEquals("urn:fxg:problem:signature.revoked-key", fxg(asOther).json().get("type").asText());
  }

  @Test
  void commands_badArgumentsOrUnreachable_exitNonZero() {
    assertEquals(2, fxg("submit", "--target", "acme/x", "--action", "a", "--resource", "r").exit());
    assertEquals(2, submit("--params", "[1]").exit());
    Run unreachable = fxg("submit", "--gateway", "http://127.0.0.1:1", "--key", agentKey.toString(),
        "--target", "acme/x", "--action", "a", "--resource", "r");
    assertEquals(3, unreachable.exit());
    assertTrue(admin("put-domain", dir.resolve("missing.json").toString(), "--domain", "x").exit() != 0);
  }
}

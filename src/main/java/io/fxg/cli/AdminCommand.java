package io.fxg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fxg admin}: admin-signed calls (SPEC sections 5, 6 and 13, the peer commands in {@link
 * AdminPeerCommands}). Each subcommand takes {@code --key}
 * (default {@code $FXG_HOME/keys/admin.private.jwk}) and {@code --gateway}, prints the answer and
 * exits 1 on 4xx/5xx.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Signed admin calls.",
    subcommands = {AdminCommand.PutDomain.class, AdminCommand.GetDomain.class, AdminCommand.Suspend.class,
        AdminCommand.Resume.class, AdminCommand.Revoke.class, AdminCommand.PutPolicy.class,
        AdminPeerCommands.PutPeer.class, AdminPeerCommands.GetPeer.class, AdminPeerCommands.RemovePeer.class})
public final class AdminCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The plumbing every admin subcommand shares. */
  abstract static class Call implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    int send(String method, String path, byte[] body) throws Exception {
      SigningClient http = new SigningClient(client.gateway, SigningClient.loadKey(client.keyOr(ClientOptions.defaultAdminKey())));
      return http.call(method, path, body, Map.of(), TIMEOUT, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    static byte[] reason(String reason) {
      return reason == null ? null : Json.writeBytes(Json.object().put("reason", reason));
    }
  }

  @Command(name = "put-domain", description = "Register or replace a trust domain from a JSON document.")
  static final class PutDomain extends Call {
    @Parameters(index = "0", paramLabel = "FILE", description = "domain document (SPEC section 5)")
    Path file;

    @Option(names = "--domain", required = true)
    String domain;

    @Override
    public Integer call() throws Exception {
      return send("PUT", "/v1/admin/domains/" + domain, Files.readAllBytes(file));
    }
  }

  @Command(name = "get-domain", description = "Show a trust domain.")
  static final class GetDomain extends Call {
    @Option(names = "--domain", required = true)
    String domain;

    @Override
    public Integer call() throws Exception {
      return send("GET", "/v1/admin/domains/" + domain, null);
    }
  }

  @Command(name = "suspend", description = "Suspend a trust domain: its keys are refused on every node.")
  static final class Suspend extends Call {
    @Option(names = "--domain", required = true)
    String domain;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() throws Exception {
      return send("POST", "/v1/admin/domains/" + domain + "/suspend", reason(reason));
    }
  }

  @Command(name = "resume", description = "Resume a suspended trust domain.")
  static final class Resume extends Call {
    @Option(names = "--domain", required = true)
    String domain;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() throws Exception {
      return send("POST", "/v1/admin/domains/" + domain + "/resume", reason(reason));
    }
  }

  @Command(name = "revoke", description = "Revoke a key, an environment or an authorization artifact.")
  static final class Revoke extends Call {
    @Option(names = "--kind", required = true, description = "key, environment or artifact")
    String kind;

    @Option(names = "--id", required = true, description = "DOMAIN/NAME, or the artifact's jti")
    String id;

    @Option(names = "--reason", required = true)
    String reason;

    @Override
    public Integer call() throws Exception {
      ObjectNode body = Json.object().put("kind", kind).put("id", id).put("reason", reason);
      return send("POST", "/v1/admin/revocations", Json.writeBytes(body));
    }
  }

  @Command(name = "put-policy", description = "Install a policy bundle (SPEC section 6).")
  static final class PutPolicy extends Call {
    @Parameters(index = "0", paramLabel = "FILE", description = "policy bundle JSON")
    Path file;

    @Override
    public Integer call() throws Exception {
      return send("PUT", "/v1/admin/policy", Files.readAllBytes(file));
    }
  }
}

package io.fxg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.CryptoException;
import io.fxg.crypto.Jwk;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fxg admin put-peer | get-peer | remove-peer}: the peer-gateway registry (SPEC section 13).
 * {@code put-peer --from URL} fetches the peer's {@code GET /v1/peers/self} and prints its key
 * thumbprints and log key (to standard error) so the operator can compare them with the peer's
 * operator out of band; standard output carries the gateway's answer, as for every admin command.
 */
final class AdminPeerCommands {
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

  private AdminPeerCommands() {}

  /** Where the document comes from: a file, or the peer itself. */
  static final class Source {
    @Option(names = "--file", description = "peer document (SPEC section 13)")
    Path file;

    @Option(names = "--from", paramLabel = "PEER_BASE_URL", description = "fetch the peer's GET /v1/peers/self")
    URI from;
  }

  @Command(name = "put-peer", description = "Register or replace a peer gateway, from a file or fetched from the peer.")
  static final class PutPeer extends AdminCommand.Call {
    @Option(names = "--name", required = true, description = "the peer's name here (its keyid is gateway/NAME)")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--domains", split = ",", description = "the domains it governs (default: the document's)")
    List<String> domains;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      JsonNode document;
      if (source.file != null) {
        document = Json.parse(Files.readAllBytes(source.file));
      } else {
        document = fetch(source.from, err);
        if (document == null) {
          return SigningClient.UNREACHABLE;
        }
        if (!document.isObject()) {
          err.println("fxg: " + source.from + " did not answer a peer document");
          err.flush();
          return 1;
        }
        printFingerprints((ObjectNode) document, err);
        ((ObjectNode) document).remove("name");
      }
      if (domains != null) {
        if (!document.isObject()) {
          err.println("fxg: " + source.file + " is not a JSON object");
          err.flush();
          return 1;
        }
        ArrayNode list = ((ObjectNode) document).putArray("domains");
        domains.forEach(list::add);
      }
      return send("PUT", "/v1/admin/peers/" + name, Json.writeBytes(document));
    }

    /** The peer's self document, or null (said on {@code err}) when it could not be fetched. */
    private static JsonNode fetch(URI base, PrintWriter err) throws InterruptedException {
      URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/v1/peers/self");
      HttpClient http = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT).build();
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          err.println("fxg: GET " + uri + " answered HTTP " + response.statusCode());
          err.flush();
          return Json.mapper().getNodeFactory().nullNode();
        }
        return Json.parse(response.body());
      } catch (IOException e) {
        err.println("fxg: " + uri + " could not be reached: "
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        err.flush();
        return null;
      }
    }

    private static void printFingerprints(ObjectNode document, PrintWriter err) {
      err.println("fetched the peer document of " + document.path("name").asText("?") + " at "
          + document.path("url").asText("?") + "; compare with its operator out of band before trusting it:");
      for (JsonNode key : document.path("jwks").path("keys")) {
        String thumbprint;
        try {
          thumbprint = Jwk.parse(key).thumbprint();
        } catch (CryptoException e) {
          thumbprint = "not an Ed25519 public key (" + e.problem() + ")";
        }
        err.println("  gateway key thumbprint " + thumbprint + " (kid " + key.path("kid").asText("none") + ")");
      }
      err.println("  log key " + document.path("logKey").asText("none"));
      err.println("  witness key " + document.path("witnessKey").asText("none"));
      err.flush();
    }
  }

  @Command(name = "get-peer", description = "Show a peer gateway.")
  static final class GetPeer extends AdminCommand.Call {
    @Option(names = "--name", required = true)
    String name;

    @Override
    public Integer call() throws Exception {
      return send("GET", "/v1/admin/peers/" + name, null);
    }
  }

  @Command(name = "remove-peer", description = "Remove a peer gateway: it governs nothing and its signatures are refused.")
  static final class RemovePeer extends AdminCommand.Call {
    @Option(names = "--name", required = true)
    String name;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() throws Exception {
      return send("DELETE", "/v1/admin/peers/" + name, reason(reason));
    }
  }
}

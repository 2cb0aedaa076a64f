package io.fxg.cli;

import com.typesafe.config.Config;
import io.fxg.cluster.GatewayNode;
import io.fxg.cluster.NodeConfig;
import io.fxg.http.HttpsSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fxg node [--config FILE] [--verbose]}: one gateway node, until SIGTERM (CoordinatedShutdown).
 * The terminal gets a start line, warnings and errors, and a summary once the node serves; the
 * framework log goes to {@code $FXG_HOME/logs/fxg.log} ({@link TerminalLogging}).
 */
@Command(name = "node", description = "Run one gateway node; joins the cluster given by config.")
public final class NodeCommand implements Callable<Integer> {
  @Option(names = "--config", description = "HOCON file layered over the defaults")
  Path config;

  @Option(names = "--verbose", description = "show INFO log lines on the terminal too (FXG_LOG_LEVEL=INFO does the same)")
  boolean verbose;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Config loaded = NodeConfig.load(config);
    if (loaded.getBoolean("fxg.http.allow-unsigned")) {
      spec.commandLine().getErr().println("fxg: fxg.http.allow-unsigned is for tests only; refusing to start a node with it on");
      return 2;
    }
    Path log = TerminalLogging.forNode(loaded, verbose);
    out.println("fxg node: starting (home " + Path.of(loaded.getString("fxg.home")).toAbsolutePath().normalize()
        + ", log " + log + ")");
    out.flush();
    GatewayNode node = GatewayNode.start(loaded, services -> services);
    Config derived = NodeConfig.derive(loaded);
    String scheme = HttpsSettings.from(derived).isPresent() ? "https" : "http";
    out.println("fxg node: serving " + scheme + "://" + derived.getString("fxg.http.host") + ":" + node.httpPort() + "/"
        + " (cluster port " + node.clusterPort() + ", journal " + derived.getString("fxg.jdbc.effective-url") + ")");
    out.println("  keys          " + keysDir(derived) + " (public: /.well-known/jwks.json)");
    out.println("  health        " + scheme + "://" + derived.getString("fxg.http.host") + ":" + node.httpPort() + "/health/ready");
    out.println("  framework log " + log);
    out.println("Stop with Ctrl-C or SIGTERM.");
    out.flush();
    node.system().getWhenTerminated().toCompletableFuture().get();
    return 0;
  }

  private static Path keysDir(Config config) {
    String dir = config.getString("fxg.keys.dir");
    return (dir.isBlank() ? Path.of(config.getString("fxg.home")).resolve("keys") : Path.of(dir)).toAbsolutePath().normalize();
  }
}

package io.fxg.cli;

import com.typesafe.config.Config;
import io.fxg.cluster.GatewayNode;
import io.fxg.cluster.NodeConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fxg node [--config FILE]}: one gateway node, until SIGTERM (CoordinatedShutdown). */
@Command(name = "node", description = "Run one gateway node; joins the cluster given by config.")
public final class NodeCommand implements Callable<Integer> {
  @Option(names = "--config", description = "HOCON file layered over the defaults")
  Path config;

  @Override
  public Integer call() throws Exception {
    Config loaded = NodeConfig.load(config);
    if (loaded.getBoolean("fxg.http.allow-unsigned")) {
      System.err.println("fxg: fxg.http.allow-unsigned is for tests only; refusing to start a node with it on");
      return 2;
    }
    GatewayNode node = GatewayNode.start(loaded, services -> services);
    node.system().getWhenTerminated().toCompletableFuture().get();
    return 0;
  }
}

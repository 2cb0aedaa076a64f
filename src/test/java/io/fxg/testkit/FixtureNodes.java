package io.fxg.testkit;

import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.fxg.cluster.GatewayNode;
import io.fxg.execution.ExecutionServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The running nodes of one {@link GatewayFixture}: each on loopback with port 0, a fresh home, the
 * fixture's journal, key directory, seams, routes and clock, the second and later seeded by the
 * first. Stopped nodes leave the list.
 */
final class FixtureNodes {
  private final FixtureBuilder options;
  private final Journal journal;
  private final Path keysDir;
  private final List<GatewayNode> running = new ArrayList<>();

  FixtureNodes(FixtureBuilder options, Journal journal, Path keysDir) {
    this.options = options;
    this.journal = journal;
    this.keysDir = keysDir;
  }

  /** Starts the builder's nodes (seams made once for all of them) and waits until they are ready. */
  void start(UnaryOperator<ExecutionServices> services) {
    String seeds = "";
    for (int i = 0; i < options.nodes; i++) {
      running.add(GatewayNode.start(config(seeds), services, options.routes, options.clock));
      seeds = "\nfxg.cluster.seed-nodes = \"127.0.0.1:" + running.get(0).clusterPort() + "\"";
    }
    awaitReady();
  }

  /** The configuration of one node: what the builder adds, then loopback, port 0, a fresh home, keys, journal. */
  private Config config(String seeds) {
    return ConfigFactory.parseString(options.config() + seeds + "\nfxg.keys.dir = \"" + keysDir + "\"\n"
            + "fxg.http.port = 0\n"
            + "fxg.cluster.port = 0\n"
            + "fxg.home = \"" + System.getProperty("java.io.tmpdir") + "/fxg-test-" + UUID.randomUUID() + "\"\n"
            + journal.config())
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  /**
   * Every node ready (its policy synchronized too) and seeing every running node Up, within the
   * builder's {@code startWithin}; over plain HTTP only (a TLS test awaits readiness itself).
   */
  void awaitReady() {
    if (options.plainHttp) {
      List<HttpCalls> ready = running.stream().map(node -> new HttpCalls(node.httpPort())).toList();
      await().atMost(options.startWithin).until(() -> running.stream().allMatch(node -> joined(node)
          && ready.get(running.indexOf(node)).get("/health/ready").statusCode() == 200));
    }
  }

  private boolean joined(GatewayNode node) {
    long up = 0;
    for (var member : Cluster.get(node.system()).state().getMembers()) {
      up += member.status() == MemberStatus.up() ? 1 : 0;
    }
    return up == running.size();
  }

  GatewayNode get(int index) {
    return running.get(index);
  }

  List<GatewayNode> list() {
    return Collections.unmodifiableList(running);
  }

  void stop(GatewayNode node) {
    running.remove(node);
    node.close();
  }

  /** Closes the nodes still running, newest first. */
  void close() {
    List<GatewayNode> newestFirst = new ArrayList<>(running);
    Collections.reverse(newestFirst);
    newestFirst.forEach(GatewayNode::close);
    running.clear();
  }
}

package io.fxg.testkit;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.transport.ThrottlerTransportAdapter;
import scala.jdk.javaapi.FutureConverters;

/**
 * Cuts the network between in-JVM nodes at the transport: Artery's test mode (set
 * {@link #TEST_MODE} in every node's config) drops every message, heartbeats and gossip included,
 * between two addresses, as the multi-node testkit's {@code TestConductor.blackhole} does.
 */
public final class NetworkCuts {
  /** Config line that lets {@link #isolate} reach the transport's test stages. */
  public static final String TEST_MODE = "pekko.remote.artery.advanced.test-mode = on\n";

  private NetworkCuts() {}

  /** Drops all traffic, both ways, between {@code node} and each of {@code others}. */
  public static void isolate(ActorSystem<?> node, List<? extends ActorSystem<?>> others) {
    for (ActorSystem<?> other : others) {
      blackhole(node, other);
      blackhole(other, node);
    }
  }

  @SuppressWarnings("deprecation")
  private static void blackhole(ActorSystem<?> from, ActorSystem<?> to) {
    var provider = (RemoteActorRefProvider) ((ExtendedActorSystem) Adapter.toClassic(from)).provider();
    var command = new ThrottlerTransportAdapter.SetThrottle(Cluster.get(to).selfMember().address(),
        ThrottlerTransportAdapter.bothDirection(), ThrottlerTransportAdapter.blackholeThrottleMode());
    Object applied;
    try {
      applied = FutureConverters.asJava(provider.transport().managementCommand(command)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the transport did not apply " + command, e);
    }
    if (!Boolean.TRUE.equals(applied)) {
      throw new IllegalStateException("the transport refused " + command);
    }
  }
}

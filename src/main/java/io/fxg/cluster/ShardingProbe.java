package io.fxg.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness check that this node's shard region of executions can place new ones: it is registered
 * with a live shard coordinator. After the journal returns from an outage the coordinator (whose
 * state is journaled) is still stopped, or restarting, for some seconds, and a submit sent to the
 * region meanwhile waits in its buffer until the ask times out: the caller gets {@code 503
 * unavailable} with an outcome it cannot know. While this check fails the node refuses at once with
 * {@code 503 not-ready} instead. Every {@code interval} the region is asked for the current regions;
 * it answers none at once while it has no coordinator (stopped, restarting, or not yet registered
 * with), and the check then fails. A question not answered within {@code timeout} changes nothing:
 * the coordinator is on an unreachable member (the split-brain resolver's business, and the
 * cluster-quorum check's; shards this region already hosts keep serving meanwhile) or the node is
 * too busy to answer in time, which is not a broken node.
 */
final class ShardingProbe implements BooleanSupplier {
  private static final Logger LOG = LoggerFactory.getLogger(ShardingProbe.class);

  private final ActorRef region;
  private final CoordinatedShutdown shutdown;
  private final String typeName;
  private final Duration timeout;
  private final AtomicBoolean asking = new AtomicBoolean();
  private volatile boolean placing;

  private ShardingProbe(ActorRef region, CoordinatedShutdown shutdown, String typeName, Duration timeout) {
    this.region = region;
    this.shutdown = shutdown;
    this.typeName = typeName;
    this.timeout = timeout;
  }

  /** Probes the region of {@code typeName} (already initialised) every {@code interval}. */
  static ShardingProbe start(ActorSystem<?> system, String typeName, Duration interval, Duration timeout) {
    ActorRef region = ClusterSharding.get(Adapter.toClassic(system)).shardRegion(typeName);
    ShardingProbe probe = new ShardingProbe(region, CoordinatedShutdown.get(system), typeName, timeout);
    system.scheduler().scheduleWithFixedDelay(Duration.ZERO, interval, probe::ask, system.executionContext());
    return probe;
  }

  @Override
  public boolean getAsBoolean() {
    return placing;
  }

  private void ask() {
    if (!asking.compareAndSet(false, true)) {
      return; // the last question is still out; its time-out answers it
    }
    Patterns.ask(region, ShardRegion.getCurrentRegionsInstance(), timeout).whenComplete((reply, error) -> {
      asking.set(false);
      if (reply instanceof ShardRegion.CurrentRegions regions) {
        boolean ok = !regions.getRegions().isEmpty();
        if (ok != placing && shutdown.getShutdownReason().isEmpty()) {
          if (ok) {
            LOG.info("{} shards: coordinator live, new executions can be placed", typeName);
          } else {
            LOG.warn("{} shards: no live coordinator; the node is not ready until it is back", typeName);
          }
        }
        placing = ok;
      }
    });
  }
}

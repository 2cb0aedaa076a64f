package io.fxg.identity;

import io.fxg.httpsig.InMemoryNonceRegistry;
import io.fxg.serialization.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The nonces one signing key used within the clock-skew window, cluster-wide: one sharded entity
 * per keyid, so sharding guarantees a single owner and a nonce replayed on any node is refused. It
 * passivates only after being idle for twice the window plus a margin, when every nonce it held has
 * expired (a replay that old is refused as stale). State is in memory: should the owning node fail,
 * the nonces of its keys are forgotten (see README, known limits).
 */
public final class NonceLedger {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "NonceLedger");
  /** Live nonces one key may hold; beyond it requests are refused (fail closed) until some expire. */
  public static final int CAPACITY_PER_KEY = 50_000;

  public sealed interface Command extends CborSerializable {}

  /** Records the nonce; the reply says whether this was its first use within the window. */
  public record Claim(String nonce, long createdEpochSecond, ActorRef<Claimed> replyTo) implements Command {}

  public record Claimed(boolean firstUse) implements CborSerializable {}

  private enum Idle implements Command { INSTANCE }

  private NonceLedger() {}

  public static Behavior<Command> create(String keyId, Clock clock, Duration window,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(context -> {
      InMemoryNonceRegistry nonces = new InMemoryNonceRegistry(clock, window, CAPACITY_PER_KEY);
      context.setReceiveTimeout(window.multipliedBy(2).plusSeconds(60), Idle.INSTANCE);
      return Behaviors.receive(Command.class)
          .onMessage(Claim.class, claim -> {
            boolean first = nonces.firstUse(keyId, claim.nonce(), Instant.ofEpochSecond(claim.createdEpochSecond()));
            claim.replyTo().tell(new Claimed(first));
            return Behaviors.same();
          })
          .onMessageEquals(Idle.INSTANCE, () -> {
            shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
            return Behaviors.same();
          })
          .build();
    });
  }
}

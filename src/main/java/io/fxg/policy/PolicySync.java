package io.fxg.policy;

import io.fxg.serialization.CborSerializable;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.LWWRegisterKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;

/**
 * Keeps this node's {@link LocalPolicy} synchronised with the committed policy (phase 2). One per
 * node.
 *
 * <p><b>Why Distributed Data.</b> The committed {@link PolicyPointer} — a version and a digest,
 * never the bundle — lives in a Pekko Distributed Data {@code LWWRegister} whose clock is the
 * policy version, so the highest version wins every merge whatever the wall clocks say. An install
 * is written with {@code WriteMajority} (the admin's {@code PUT} answers once a majority holds
 * it), every node subscribes and so learns of a new version within a gossip round, without
 * reading the journal, and reads are local (a decision never waits on the network). The
 * register is only a fast channel: the {@link PolicyStore} journal stays the truth. Every node
 * also asks the store at start and every {@code fxg.governance.reconcile-interval}, which covers a
 * full-cluster restart (the register is in memory) and an install whose publication was lost; it
 * then re-publishes the store's pointer if the register is behind.
 *
 * <p>When the committed digest is not the active one, the bundle is fetched from the store,
 * compiled here and activated; until then decisions wait and then deny {@code
 * governance.unsynchronized}. {@link HoldActivation} stops activation on this node (for draining
 * a node and for tests that need a node held behind the committed version).
 */
public final class PolicySync extends AbstractBehavior<PolicySync.Command> {
  /** The replicated register of the committed pointer. */
  public static final Key<LWWRegister<PolicyPointer>> KEY =
      LWWRegisterKey.create("fxg-policy-committed");
  private static final LWWRegister.Clock<PolicyPointer> VERSION_CLOCK =
      (current, pointer) -> pointer.version();

  public sealed interface Command extends CborSerializable {}

  /** Replicates a freshly installed pointer to a majority and activates it here. */
  public record Publish(PolicyPointer pointer, ActorRef<Published> replyTo) implements Command {}

  /** @param majority whether a majority of nodes acknowledged within the write timeout */
  public record Published(PolicyPointer pointer, boolean majority) implements CborSerializable {}

  /** Stops ({@code hold}) or resumes activating newly committed bundles on this node. */
  public record HoldActivation(boolean hold, ActorRef<Done> replyTo) implements Command {}

  private record CommittedChanged(PolicyPointer pointer) implements Command {}

  private record StoreAnswered(PolicyStore.Current current) implements Command {}

  private record StoreFailed(String error) implements Command {}

  private record PublishDone(PolicyPointer pointer, boolean ok, ActorRef<Published> replyTo)
      implements Command {}

  private enum Reconcile implements Command { INSTANCE }

  private final LocalPolicy local;
  private final RecipientRef<PolicyStore.Command> store;
  private final ReplicatorMessageAdapter<Command, LWWRegister<PolicyPointer>> replicator;
  private final SelfUniqueAddress self;
  private final Duration askTimeout;
  private final Duration writeTimeout;
  private boolean held;
  private boolean fetching;
  private PolicyStore.Current pending;
  private PolicyPointer replicated;

  /**
   * @param reconcileInterval how often the store is asked for the committed pointer
   * @param writeTimeout the {@code WriteMajority} timeout of {@link Publish}
   */
  public static Behavior<Command> create(LocalPolicy local, RecipientRef<PolicyStore.Command> store,
      Duration reconcileInterval, Duration askTimeout, Duration writeTimeout) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers ->
        DistributedData.<Command, LWWRegister<PolicyPointer>>withReplicatorMessageAdapter(
            replicator -> new PolicySync(context, timers, replicator, local, store,
                reconcileInterval, askTimeout, writeTimeout))));
  }

  private PolicySync(ActorContext<Command> context, TimerScheduler<Command> timers,
      ReplicatorMessageAdapter<Command, LWWRegister<PolicyPointer>> replicator, LocalPolicy local,
      RecipientRef<PolicyStore.Command> store, Duration reconcileInterval, Duration askTimeout,
      Duration writeTimeout) {
    super(context);
    this.local = local;
    this.store = store;
    this.replicator = replicator;
    this.self = DistributedData.get(context.getSystem()).selfUniqueAddress();
    this.askTimeout = askTimeout;
    this.writeTimeout = writeTimeout;
    replicator.subscribe(KEY, change -> change instanceof Replicator.Changed<LWWRegister<PolicyPointer>> c
        ? new CommittedChanged(c.get(KEY).getValue()) : Reconcile.INSTANCE);
    timers.startTimerWithFixedDelay(Reconcile.INSTANCE, reconcileInterval);
    context.getSelf().tell(Reconcile.INSTANCE);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CommittedChanged.class, this::onCommittedChanged)
        .onMessageEquals(Reconcile.INSTANCE, () -> fetch())
        .onMessage(StoreAnswered.class, this::onStoreAnswered)
        .onMessage(StoreFailed.class, this::onStoreFailed)
        .onMessage(Publish.class, this::onPublish)
        .onMessage(PublishDone.class, this::onPublishDone)
        .onMessage(HoldActivation.class, this::onHold)
        .build();
  }

  private Behavior<Command> onCommittedChanged(CommittedChanged changed) {
    PolicyPointer pointer = changed.pointer();
    if (replicated == null || replicated.version() < pointer.version()) {
      replicated = pointer;
    }
    local.commit(pointer);
    return pointer.names(local.snapshot().active()) ? this : fetch();
  }

  private Behavior<Command> fetch() {
    if (fetching) {
      return this;
    }
    fetching = true;
    CompiledPolicy active = local.snapshot().active();
    String known = active == null ? null : active.digest();
    getContext().ask(PolicyStore.Current.class, store, askTimeout,
        replyTo -> new PolicyStore.GetCurrent(known, replyTo),
        (current, error) -> current != null
            ? new StoreAnswered(current) : new StoreFailed(String.valueOf(error)));
    return this;
  }

  private Behavior<Command> onStoreFailed(StoreFailed failed) {
    fetching = false;
    getContext().getLog().warn("policy store did not answer: {}", failed.error());
    return this;
  }

  private Behavior<Command> onStoreAnswered(StoreAnswered answered) {
    fetching = false;
    PolicyStore.Current current = answered.current();
    if (current.fault() != null) {
      getContext().getLog().error("policy store serves no policy: {}", current.fault());
      local.fault(current.fault());
      return this;
    }
    if (current.pointer() == null) {
      local.noneInstalled();
      return this;
    }
    local.commit(current.pointer());
    if (replicated == null || replicated.version() < current.pointer().version()) {
      replicate(current.pointer(), new Replicator.WriteMajority(writeTimeout), null);
    }
    if (current.bundleJson() != null && !current.pointer().names(local.snapshot().active())) {
      if (held) {
        pending = current;
      } else {
        activate(current);
      }
    }
    PolicyPointer committed = local.snapshot().committed();
    boolean stale = committed != null && committed.version() > current.pointer().version();
    return stale && !held ? fetch() : this;
  }

  private void activate(PolicyStore.Current current) {
    try {
      CompiledPolicy compiled = PolicyCompiler.compile(PolicyBundle.parse(current.bundleJson()));
      if (!current.pointer().names(compiled)) {
        getContext().getLog().error("policy version {}: the fetched bundle's digest {} is not {}",
            current.pointer().version(), compiled.digest(), current.pointer().digest());
        return;
      }
      local.activate(compiled);
      getContext().getLog().info("activated policy version {} ({})",
          compiled.version(), compiled.digest());
    } catch (PolicyException e) {
      // The store compiled it before journaling; failing here means this node cannot decide.
      getContext().getLog().error("policy version {} does not compile on this node: {}",
          current.pointer().version(), e.getMessage());
    }
  }

  private Behavior<Command> onPublish(Publish publish) {
    local.commit(publish.pointer());
    replicate(publish.pointer(), new Replicator.WriteMajority(writeTimeout), publish.replyTo());
    return fetch();
  }

  private void replicate(PolicyPointer pointer, Replicator.WriteConsistency consistency,
      ActorRef<Published> replyTo) {
    replicator.askUpdate(
        updateReplyTo -> new Replicator.Update<>(KEY,
            LWWRegister.create(self, pointer, VERSION_CLOCK), consistency, updateReplyTo,
            register -> register.getValue().version() >= pointer.version()
                ? register : register.withValue(self, pointer, VERSION_CLOCK)),
        response -> new PublishDone(pointer, response instanceof Replicator.UpdateSuccess, replyTo));
  }

  private Behavior<Command> onPublishDone(PublishDone done) {
    if (!done.ok()) {
      getContext().getLog().warn("policy version {} reached no majority within {}",
          done.pointer().version(), writeTimeout);
    }
    if (done.replyTo() != null) {
      done.replyTo().tell(new Published(done.pointer(), done.ok()));
    }
    return this;
  }

  private Behavior<Command> onHold(HoldActivation hold) {
    held = hold.hold();
    getContext().getLog().info("policy activation on this node {}", held ? "held" : "resumed");
    if (!held && pending != null) {
      activate(pending);
      pending = null;
    }
    hold.replyTo().tell(Done.getInstance());
    return held ? this : fetch();
  }
}

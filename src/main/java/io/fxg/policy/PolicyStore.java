package io.fxg.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.crypto.Jcs;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import io.fxg.lineage.Lineaged;
import io.fxg.serialization.CborSerializable;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The cluster's committed policy: one event-sourced entity (sharded, entity id {@value
 * #ENTITY_ID}) that holds the installed bundle. An install is validated and compiled here, in the
 * command handler, so nothing that does not compile is ever journaled; the version must grow
 * (409 otherwise) and on any refusal the previous bundle stays committed.
 *
 * <p>Every install is one {@code policy.installed} lineage record (data: version, digest,
 * ruleCount, installedBy) hash-chained under chain id {@value #CHAIN_ID} and tagged {@code
 * lineage}, so the transparency log and audits see policy changes like execution steps. The chain
 * is re-checked while replaying; a record that does not link or hash is a fault: the store then
 * serves no policy at all (every decision denies) and refuses installs.
 *
 * <p>This entity only stores; replication of the committed {@link PolicyPointer} and activation
 * on each node are {@link PolicySync}'s work.
 */
public final class PolicyStore
    extends EventSourcedBehaviorWithEnforcedReplies<
        PolicyStore.Command, PolicyStore.Event, PolicyStore.State> {

  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "PolicyStore");
  public static final String ENTITY_ID = "policy";
  /** The lineage chain id of policy records (SPEC section 9). */
  public static final String CHAIN_ID = "policy";
  public static final String INSTALLED = "policy.installed";
  /** Policy records belong to the governance layer, phase 2. */
  public static final int PHASE = 2;
  /**
   * Largest bundle accepted, in bytes of JSON: bundles travel between nodes in one cluster
   * message, which Artery limits (256 KiB frames by default).
   */
  public static final int MAX_BUNDLE_BYTES = 192 * 1024;

  // ---- protocol ----

  public sealed interface Command extends CborSerializable {}

  /** Install a bundle given as the admin sent it (JSON text). */
  public record Install(String bundleJson, String installedBy, ActorRef<InstallReply> replyTo)
      implements Command {}

  /**
   * The committed pointer, with the bundle unless the asker already holds {@code knownDigest}.
   */
  public record GetCurrent(String knownDigest, ActorRef<Current> replyTo) implements Command {}

  public sealed interface InstallReply extends CborSerializable {}

  public record Installed(PolicyPointer pointer, int ruleCount, LineageRecord record)
      implements InstallReply {}

  /**
   * @param status 400 (invalid bundle), 409 (version does not grow) or 500 (store fault)
   * @param field the offending JSON path, e.g. {@code rules[2].condition}
   */
  public record Refused(int status, String field, String detail) implements InstallReply {}

  /**
   * @param pointer null when no policy is installed (or the chain is broken)
   * @param bundleJson canonical bundle JSON; null when none, or when the asker's digest matched
   * @param fault why no policy can be served despite installs, else null
   */
  public record Current(PolicyPointer pointer, String bundleJson, String fault)
      implements CborSerializable {}

  // ---- events and state ----

  public sealed interface Event extends CborSerializable, Lineaged {}

  /** @param bundleJson the JCS form of the bundle: its digest is the pointer's digest */
  public record BundleInstalled(LineageRecord record, String bundleJson) implements Event {}

  public sealed interface State extends CborSerializable {}

  public record NoPolicy() implements State {}

  public record Active(PolicyPointer pointer, String bundleJson, LineageRecord last)
      implements State {}

  /** A replayed record that does not chain: nothing is served from here on. */
  public record Broken(String fault, LineageRecord last) implements State {}

  // ---- wiring ----

  private final ActorContext<Command> context;
  private final Clock clock;
  private final String node;

  /** @param node this node's {@code host:port}, written into the records it makes */
  public static Behavior<Command> create(Clock clock, String node) {
    return Behaviors.setup(context -> new PolicyStore(context, clock, node));
  }

  private PolicyStore(ActorContext<Command> context, Clock clock, String node) {
    super(PersistenceId.of(TYPE_KEY.name(), ENTITY_ID));
    this.context = context;
    this.clock = clock;
    this.node = node;
  }

  @Override
  public State emptyState() {
    return new NoPolicy();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(Lineaged.TAG);
  }

  // ---- commands ----

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder
        .forStateType(Broken.class)
        .onCommand(Install.class, (s, c) -> Effect().reply(c.replyTo(),
            new Refused(500, "bundle", "the policy chain does not verify: " + s.fault())))
        .onCommand(GetCurrent.class, (s, c) -> Effect().reply(c.replyTo(),
            new Current(null, null, s.fault())));
    builder
        .forAnyState()
        .onCommand(Install.class, this::onInstall)
        .onCommand(GetCurrent.class, this::onGetCurrent);
    return builder.build();
  }

  private ReplyEffect<Event, State> onInstall(State state, Install command) {
    CompiledPolicy compiled;
    try {
      compiled = PolicyCompiler.compile(PolicyBundle.parse(command.bundleJson()));
    } catch (PolicyException e) {
      return Effect().reply(command.replyTo(), new Refused(400, e.field(), e.getMessage()));
    }
    if (state instanceof Active active && compiled.version() <= active.pointer().version()) {
      return Effect().reply(command.replyTo(), new Refused(409, "version",
          "version: " + compiled.version() + " must be greater than the installed version "
              + active.pointer().version() + " (" + active.pointer().digest() + ")"));
    }
    PolicyPointer pointer = new PolicyPointer(compiled.version(), compiled.digest());
    int ruleCount = compiled.bundle().rules().size();
    ObjectNode data = Json.object();
    data.put("version", pointer.version());
    data.put("digest", pointer.digest());
    data.put("ruleCount", ruleCount);
    data.put("installedBy", command.installedBy());
    LineageRecord record = LineageChain.next(lastOf(state), CHAIN_ID, INSTALLED, PHASE,
        clock.instant(), node, data);
    String canonical =
        new String(Jcs.canonicalize(compiled.bundle().toJson()), StandardCharsets.UTF_8);
    context.getLog().info("installing policy version {} ({}, {} rules) by {}",
        pointer.version(), pointer.digest(), ruleCount, command.installedBy());
    return Effect()
        .persist(new BundleInstalled(record, canonical))
        .thenReply(command.replyTo(), s -> new Installed(pointer, ruleCount, record));
  }

  private ReplyEffect<Event, State> onGetCurrent(State state, GetCurrent command) {
    if (state instanceof Active active) {
      boolean known = active.pointer().digest().equals(command.knownDigest());
      return Effect().reply(command.replyTo(),
          new Current(active.pointer(), known ? null : active.bundleJson(), null));
    }
    return Effect().reply(command.replyTo(), new Current(null, null, null));
  }

  private static LineageRecord lastOf(State state) {
    return state instanceof Active active ? active.last() : null;
  }

  // ---- events ----

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forAnyState().onEvent(BundleInstalled.class, PolicyStore::apply);
    return builder.build();
  }

  /** Applies an install; a record that does not chain onto the last one breaks the store. */
  static State apply(State state, BundleInstalled event) {
    if (state instanceof Broken broken) {
      return broken;
    }
    LineageRecord record = event.record();
    LineageRecord last = lastOf(state);
    String expectedPrev = last == null ? LineageChain.GENESIS : last.hash();
    long expectedSeq = last == null ? 1 : last.seq() + 1;
    if (record.seq() != expectedSeq || !expectedPrev.equals(record.prev())
        || !record.computeHash().equals(record.hash()) || !CHAIN_ID.equals(record.executionId())) {
      return new Broken("policy seq " + record.seq() + ": record does not chain onto seq "
          + (expectedSeq - 1) + " or its hash does not match", record);
    }
    PolicyPointer pointer = new PolicyPointer(
        record.data().path("version").asLong(), record.data().path("digest").asText());
    String bundleDigest =
        Digests.digestString(event.bundleJson().getBytes(StandardCharsets.UTF_8));
    if (!bundleDigest.equals(pointer.digest())) {
      return new Broken("policy seq " + record.seq() + ": the journaled bundle's digest "
          + bundleDigest + " differs from the record's " + pointer.digest(), record);
    }
    return new Active(pointer, event.bundleJson(), record);
  }

  // ---- recovery ----

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state instanceof Broken broken) {
            context.getLog().error("policy store: {}; serving no policy", broken.fault());
          }
        })
        .build();
  }
}

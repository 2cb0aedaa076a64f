package io.fxg.cluster;

import io.fxg.http.CosignatureRoutes;
import io.fxg.identity.TrustView;
import io.fxg.proof.CosignatureSigner;
import io.fxg.proof.CosignatureStore;
import io.fxg.witness.WitnessAlarms;
import io.fxg.witness.WitnessPoller;
import io.fxg.witness.WitnessedLog;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Props;

/**
 * Wires this gateway's witness of its peers' logs (SPEC section 13) into a node: the cosignature
 * key ({@code witness.private.jwk}, named {@code fxg.witness.name}), the sharded
 * {@link WitnessedLog} entities, this node's {@link WitnessPoller}, the {@code peer-logs-consistent}
 * readiness check (fails while a witnessed peer log showed a split view), the witness metrics, and
 * {@code GET /v1/witness/key} with {@code POST /v1/log/cosignatures}.
 */
public final class WitnessWiring {
  private WitnessWiring() {}

  /**
   * What the rest of the node may use.
   *
   * @param verifierKey this gateway's witness verifier key, {@code <name>+<keyID>+<base64(0x04 || key)>}:
   *     what {@code GET /v1/peers/self} advertises as {@code witnessKey}
   */
  public record Witness(Supplier<String> verifierKey, WitnessAlarms alarms) {}

  /** The cosignature key of this gateway, named {@code fxg.witness.name} (empty: {@code fxg.peers.name}). */
  public static CosignatureSigner signer(NodeContext context) {
    String name = context.config().getString("fxg.witness.name");
    return CosignatureSigner.of(name.isEmpty() ? context.config().getString("fxg.peers.name") : name,
        context.keys().witnessSeed());
  }

  /**
   * @param cosignatures this log's store of the cosignatures peers hand back
   * @param view the node's trust view: its peers are witnessed, and their witness keys accepted
   */
  public static Witness install(NodeContext context, CosignatureStore cosignatures, Supplier<TrustView> view,
      PrometheusRegistry metrics) {
    CosignatureSigner signer = signer(context);
    WitnessedLog.init(context.system(), signer, context.clock());
    WitnessAlarms alarms = new WitnessAlarms();
    var config = context.config();
    context.system().systemActorOf(WitnessPoller.create(new WitnessPoller.Settings(
            config.getDuration("fxg.peers.witness-interval"), config.getDuration("fxg.peers.call-timeout")),
        view, signer.verifier(), alarms), "witness-poller", Props.empty());
    context.health().register("peer-logs-consistent", alarms::consistent);
    String verifierKey = signer.verifier().verifierKey();
    context.routes().add(new CosignatureRoutes(context.system(), context.http(), cosignatures, view, verifierKey,
        context.clock()).route());
    registerMetrics(metrics, alarms);
    return new Witness(() -> verifierKey, alarms);
  }

  private static void registerMetrics(PrometheusRegistry metrics, WitnessAlarms alarms) {
    CounterWithCallback.builder().name("fxg_witness_split_views")
        .help("split views (inconsistent checkpoints of a peer log) this node's witness poller was told of")
        .callback(counter -> counter.call(alarms.splitViews())).register(metrics);
    CounterWithCallback.builder().name("fxg_witness_cosignatures")
        .help("cosignatures of peer checkpoints this node's witness poller obtained")
        .callback(counter -> counter.call(alarms.cosignedCount())).register(metrics);
    GaugeWithCallback.builder().name("fxg_witness_alarms")
        .help("peer logs whose split-view alarm is held (readiness fails while above 0)")
        .callback(gauge -> gauge.call(alarms.alarms().size())).register(metrics);
  }

  /**
   * The console's view of each peer log this gateway witnesses: the {@link
   * io.fxg.witness.WitnessedLog} of the peer's log origin (size -1 before the first cosignature)
   * and its split-view alarm. The time of the last cosignature is not kept in the entity's state.
   */
  public static io.fxg.http.ConsolePeerRoutes.PeerWitness consoleState(org.apache.pekko.actor.typed.ActorSystem<?> system, java.time.Duration timeout) {
    return peer -> {
      String origin;
      try {
        origin = io.fxg.proof.NoteVerifier.parse(peer.document().logKey()).name();
      } catch (io.fxg.proof.ProofVerificationException e) {
        return java.util.concurrent.CompletableFuture.completedFuture(java.util.Optional.empty());
      }
      return org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system)
          .entityRefFor(io.fxg.witness.WitnessedLog.TYPE_KEY, io.fxg.witness.WitnessedLog.entityId(origin))
          .<io.fxg.witness.WitnessedLog.StateReply>ask(io.fxg.witness.WitnessedLog.GetState::new, timeout)
          .thenApply(state -> {
            io.fxg.witness.WitnessedLog.Alarm alarm = state.alarm();
            return java.util.Optional.of(new io.fxg.http.ConsolePeerRoutes.WitnessState(state.size(), state.root(), null,
                alarm == null ? null : new io.fxg.http.ConsolePeerRoutes.SplitView(alarm.witnessedSize(),
                    alarm.witnessedRoot(), alarm.claimedSize(), alarm.claimedRoot(), alarm.detail(), alarm.at())));
          });
    };
  }
}

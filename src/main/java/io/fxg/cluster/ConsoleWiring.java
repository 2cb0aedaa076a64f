package io.fxg.cluster;

import com.typesafe.config.Config;
import io.fxg.execution.Execution;
import io.fxg.execution.ExecutionFeed;
import io.fxg.execution.ExecutionView;
import io.fxg.http.Authenticator;
import io.fxg.http.ConsolePeerRoutes;
import io.fxg.http.ConsoleRoutes;
import io.fxg.http.EventRoutes;
import io.fxg.identity.TrustView;
import io.fxg.lineage.Lineaged;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Wires the web surfaces into a node: one journal follower per node (the lineage tag from the
 * journal's current end, so a start replays nothing to browsers) folded by {@link ExecutionFeed}
 * into a broadcast hub that every {@code /v1/events} client shares, the console's peer panel
 * ({@link ConsolePeerRoutes}) and the pages of {@link ConsoleRoutes}. The hub is drained permanently, so it never holds the journal back while
 * no browser listens; after a failure the follower resumes from the last offset it delivered.
 */
public final class ConsoleWiring {
  /** Updates the hub buffers for its slowest consumer (a power of two). */
  static final int HUB_BUFFER = 256;

  private ConsoleWiring() {}

  /**
   * Adds the event stream, {@code GET /v1/console/peers} and the pages to {@code context.routes()}.
   *
   * @param trust the node's trust view, whose peers the console lists
   * @param witness this gateway's witness state of each peer's log ({@link ConsolePeerRoutes.PeerWitness#NONE}
   *     while it witnesses none)
   */
  public static void init(NodeContext context, Authenticator authenticator, Supplier<TrustView> trust,
      ConsolePeerRoutes.PeerWitness witness) {
    ActorSystem<Void> system = context.system();
    JdbcReadJournal journal = PersistenceQuery.get(system)
        .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    ClusterSharding sharding = ClusterSharding.get(system);
    Duration askTimeout = context.http().askTimeout();
    Function<String, CompletionStage<ExecutionView>> views = id -> sharding
        .entityRefFor(Execution.TYPE_KEY, id)
        .<Execution.ViewReply>ask(Execution.GetView::new, askTimeout)
        .thenApply(Execution.ViewReply::view);

    AtomicReference<Offset> delivered = new AtomicReference<>();
    RestartSettings restart = RestartSettings.create(Duration.ofMillis(500), Duration.ofSeconds(10), 0.2);
    Source<EventEnvelope, NotUsed> events = RestartSource.withBackoff(restart, () ->
        Source.completionStage(startOffset(context.config(), delivered.get(), system))
            .flatMapConcat(offset -> journal.eventsByTag(Lineaged.TAG, offset))
            .map(envelope -> {
              delivered.set(envelope.offset());
              return envelope;
            }));
    Source<ExecutionFeed.Update, NotUsed> updates = events.via(ExecutionFeed.flow(views))
        .toMat(BroadcastHub.of(ExecutionFeed.Update.class, HUB_BUFFER), Keep.right())
        .run(system);
    updates.runWith(Sink.ignore(), system);

    context.routes().add(new EventRoutes(system, context.http(), authenticator, updates, context.node()).route());
    context.routes().add(new ConsolePeerRoutes(system, context.http(), authenticator, trust,
        context.config().getString("fxg.peers.name"), witness).route());
    context.routes().add(new ConsoleRoutes().route());
  }

  /** Where the follower starts: after the last offset it delivered, else the journal's end now. */
  private static CompletionStage<Offset> startOffset(Config config, Offset resumeAfter, ActorSystem<?> system) {
    if (resumeAfter != null) {
      return CompletableFuture.completedFuture(resumeAfter);
    }
    return CompletableFuture.supplyAsync(() -> Offset.sequence(journalEnd(config)),
        system.dispatchers().lookup(DispatcherSelector.blocking()));
  }

  /** The highest journal ordering; eventsByTag from {@code Sequence(n)} yields orderings above n. */
  private static long journalEnd(Config config) {
    String table = config.getString("jdbc-journal.tables.event_journal.tableName");
    String ordering = config.getString("jdbc-journal.tables.event_journal.columnNames.ordering");
    try (Connection connection = DriverManager.getConnection(config.getString("fxg.jdbc.effective-url"),
            config.getString("fxg.jdbc.user"), config.getString("fxg.jdbc.password"));
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(
            "SELECT COALESCE(MAX(\"" + ordering + "\"), 0) FROM \"" + table + "\"")) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("journal end unreadable: " + e.getMessage(), e);
    }
  }
}

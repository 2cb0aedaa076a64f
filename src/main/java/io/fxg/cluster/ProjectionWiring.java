package io.fxg.cluster;

import com.typesafe.config.Config;
import io.fxg.lineage.Lineaged;
import io.fxg.projection.JdbcProjectionStore;
import io.fxg.projection.Projection;
import io.fxg.projection.ProjectionStatus;
import io.fxg.serialization.Json;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;

/**
 * Wires the node's resuming lineage projections (the search index, the risk signals): their
 * snapshot table in the journal database, their journal streams, and a section per projection in
 * this node's {@code GET /v1/cluster} entry (caught up, records read since the start).
 */
final class ProjectionWiring {
  private ProjectionWiring() {}

  static void createSchema(Config config) {
    store(config).createSchema();
  }

  /** The lineage tag as projection {@code name} reads it, with its status reported by the node. */
  static Projection lineage(NodeContext context, String name, ProjectionStatus status) {
    JdbcReadJournal journal = PersistenceQuery.get(context.system())
        .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    context.status().put(name, () -> Json.object().put("caughtUp", status.caughtUp())
        .put("caughtUpMillis", status.caughtUpMillis()).put("resumedAfter", status.resumedFrom())
        .put("readSinceStart", status.read()).put("position", status.position()));
    return new Projection(name, offset -> journal.currentEventsByTag(Lineaged.TAG, offset),
        offset -> journal.eventsByTag(Lineaged.TAG, offset), store(context.config()),
        context.config().getDuration("fxg.projections.save-interval"));
  }

  private static JdbcProjectionStore store(Config config) {
    return new JdbcProjectionStore(config.getString("fxg.jdbc.effective-url"), config.getString("fxg.jdbc.user"),
        config.getString("fxg.jdbc.password"));
  }
}

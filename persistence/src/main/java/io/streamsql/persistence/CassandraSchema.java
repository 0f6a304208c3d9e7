package io.streamsql.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.KeyspaceAndTableStatements;
import org.apache.pekko.persistence.cassandra.PluginSettings;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * The explicit schema step: creates the journal and snapshot keyspaces and tables (idempotent,
 * IF NOT EXISTS) from the statements the journal plugin itself defines for its configuration.
 * Run once by a node at start-up instead of the plugin's unsafe auto-create.
 */
public final class CassandraSchema {
  private CassandraSchema() {}

  public static List<String> statements(ActorSystem<?> system) {
    KeyspaceAndTableStatements s = new KeyspaceAndTableStatements(
        system, "pekko.persistence.cassandra", PluginSettings.apply(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(system)));
    List<String> all = new ArrayList<>();
    all.add(s.createJournalKeyspaceStatement());
    all.addAll(s.getCreateJournalTablesStatements());
    all.add(s.createSnapshotKeyspaceStatement());
    all.addAll(s.getCreateSnapshotTablesStatements());
    all.addAll(io.streamsql.persistence.table.CassandraChunkStore.createTables(journalKeyspace(system)));
    return all;
  }

  public static String journalKeyspace(ActorSystem<?> system) {
    return system.settings().config().getString("pekko.persistence.cassandra.journal.keyspace");
  }

  public static CassandraSession session(ActorSystem<?> system) {
    return PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier())
        .session();
  }

  /** Executes every statement in order; completes when the schema exists. */
  public static CompletionStage<Done> create(ActorSystem<?> system) {
    CassandraSession session = session(system);
    CompletionStage<Done> done = java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
    for (String cql : statements(system)) {
      done = done.thenCompose(d -> session.executeDDL(cql));
    }
    return done;
  }
}

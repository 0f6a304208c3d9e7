package io.streamsql.persistence.table;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Snapshot chunks in the {@code table_snapshot_chunks} table of the journal keyspace, one
 * Cassandra partition per chunk set, and an index of the sets of each persistence id in
 * {@code table_snapshot_sets} so a dropped table's sets can be found without recovering it.
 */
public final class CassandraChunkStore implements ChunkStore {
  public static java.util.List<String> createTables(String keyspace) {
    return java.util.List.of(
        "CREATE TABLE IF NOT EXISTS " + keyspace + ".table_snapshot_chunks ("
            + "persistence_id text, snapshot_id text, chunk int, data blob, "
            + "PRIMARY KEY ((persistence_id, snapshot_id), chunk))",
        "CREATE TABLE IF NOT EXISTS " + keyspace + ".table_snapshot_sets ("
            + "persistence_id text, snapshot_id text, PRIMARY KEY ((persistence_id), snapshot_id))");
  }

  private final CassandraSession session;
  private final CompletionStage<PreparedStatement> insert;
  private final CompletionStage<PreparedStatement> select;
  private final CompletionStage<PreparedStatement> delete;
  private final CompletionStage<PreparedStatement> indexInsert;
  private final CompletionStage<PreparedStatement> indexSelect;
  private final CompletionStage<PreparedStatement> indexDelete;

  public CassandraChunkStore(CassandraSession session, String keyspace) {
    this.session = session;
    String table = keyspace + ".table_snapshot_chunks";
    this.insert = session.prepare("INSERT INTO " + table + " (persistence_id, snapshot_id, chunk, data) VALUES (?, ?, ?, ?)");
    this.select = session.prepare("SELECT chunk, data FROM " + table + " WHERE persistence_id = ? AND snapshot_id = ?");
    this.delete = session.prepare("DELETE FROM " + table + " WHERE persistence_id = ? AND snapshot_id = ?");
    String index = keyspace + ".table_snapshot_sets";
    this.indexInsert = session.prepare("INSERT INTO " + index + " (persistence_id, snapshot_id) VALUES (?, ?)");
    this.indexSelect = session.prepare("SELECT snapshot_id FROM " + index + " WHERE persistence_id = ?");
    this.indexDelete = session.prepare("DELETE FROM " + index + " WHERE persistence_id = ? AND snapshot_id = ?");
  }

  @Override
  public CompletionStage<Done> write(String persistenceId, String snapshotId, List<byte[]> chunks) {
    // Indexed first, so a set whose writing is cut short is still found by deleteAll.
    CompletionStage<Done> done = indexInsert.thenCompose(ps -> session.executeWrite(ps.bind(persistenceId, snapshotId)));
    for (int i = 0; i < chunks.size(); i++) {
      int chunk = i;
      done = done.thenCompose(d -> insert.thenCompose(ps ->
          session.executeWrite(ps.bind(persistenceId, snapshotId, chunk, ByteBuffer.wrap(chunks.get(chunk))))));
    }
    return done;
  }

  @Override
  public CompletionStage<List<byte[]>> read(String persistenceId, String snapshotId, int chunks) {
    return select.thenCompose(ps -> session.selectAll(ps.bind(persistenceId, snapshotId))).thenApply(rows -> {
      if (rows.size() != chunks) {
        throw new IllegalStateException("Snapshot " + snapshotId + " of " + persistenceId + " has " + rows.size() + " of " + chunks + " chunks");
      }
      List<byte[]> out = new ArrayList<>(chunks);
      for (Row row : rows) {
        ByteBuffer data = row.getByteBuffer("data");
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        out.add(bytes);
      }
      return out;
    });
  }

  @Override
  public CompletionStage<Done> delete(String persistenceId, String snapshotId) {
    return delete.thenCompose(ps -> session.executeWrite(ps.bind(persistenceId, snapshotId)))
        .thenCompose(d -> indexDelete.thenCompose(ps -> session.executeWrite(ps.bind(persistenceId, snapshotId))));
  }

  @Override
  public CompletionStage<Done> deleteAll(String persistenceId) {
    return indexSelect.thenCompose(ps -> session.selectAll(ps.bind(persistenceId))).thenCompose(rows -> {
      CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
      for (Row row : rows) {
        String snapshotId = row.getString("snapshot_id");
        done = done.thenCompose(d -> delete(persistenceId, snapshotId));
      }
      return done;
    });
  }
}

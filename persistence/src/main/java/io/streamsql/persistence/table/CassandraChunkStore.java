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

/** Snapshot chunks in the {@code table_snapshot_chunks} table of the journal keyspace. */
public final class CassandraChunkStore implements ChunkStore {
  public static String createTable(String keyspace) {
    return "CREATE TABLE IF NOT EXISTS " + keyspace + ".table_snapshot_chunks ("
        + "persistence_id text, snapshot_id text, chunk int, data blob, "
        + "PRIMARY KEY ((persistence_id, snapshot_id), chunk))";
  }

  private final CassandraSession session;
  private final CompletionStage<PreparedStatement> insert;
  private final CompletionStage<PreparedStatement> select;
  private final CompletionStage<PreparedStatement> delete;

  public CassandraChunkStore(CassandraSession session, String keyspace) {
    this.session = session;
    String table = keyspace + ".table_snapshot_chunks";
    this.insert = session.prepare("INSERT INTO " + table + " (persistence_id, snapshot_id, chunk, data) VALUES (?, ?, ?, ?)");
    this.select = session.prepare("SELECT chunk, data FROM " + table + " WHERE persistence_id = ? AND snapshot_id = ?");
    this.delete = session.prepare("DELETE FROM " + table + " WHERE persistence_id = ? AND snapshot_id = ?");
  }

  @Override
  public CompletionStage<Done> write(String persistenceId, String snapshotId, List<byte[]> chunks) {
    CompletionStage<Done> done = CompletableFuture.completedFuture(Done.getInstance());
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
    return delete.thenCompose(ps -> session.executeWrite(ps.bind(persistenceId, snapshotId)));
  }
}

package io.streamsql.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.cluster.streams.UploadItem;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.core.format.ParsedRecord;
import io.streamsql.persistence.table.TableDefinition;
import io.streamsql.persistence.table.TablePartitionEntity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;

/** Table partitions snapshot in chunks to the real Cassandra and recover from them. */
class TableSnapshotsIT {
  private static final String SMALL_SNAPSHOTS = """
      streamsql.tables.snapshot-min-changes = 100
      streamsql.tables.snapshot-chunk-bytes = 4KiB
      """;

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static List<UploadItem> rows(int from, int count, String tag) {
    return IntStream.range(from, from + count)
        .mapToObj(i -> (UploadItem) new UploadItem.Record(new ParsedRecord(
            ("{\"id\":" + i + ",\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8), Integer.toString(i), i + 1)))
        .toList();
  }

  @Test
  void rowsSurviveARestartThroughChunkedSnapshotsPlusLaterChanges() throws Exception {
    String name = "snap_" + UUID.randomUUID().toString().substring(0, 8);
    TableDefinition def;
    try (StreamSqlNode node = StreamSqlNode.start(TestCassandra.nodeConfig(SMALL_SNAPSHOTS))) {
      TableService tables = node.tables();
      def = await(tables.create(new TableService.TableSpec(name, "id", 2, false, null)));
      TableDefinition d = def;
      await(Source.from(rows(0, 2000, "first")).runWith(node.appender().sink(tables.rowsTarget(d)), node.system()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline
          && await(tables.describe(name)).partitions().stream().anyMatch(p -> p.snapshotId() == null)) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
      for (TablePartitionEntity.TablePartitionInfo p : await(tables.describe(name)).partitions()) {
        assertNotNull(p.snapshotId(), "every partition took a snapshot");
      }
      // changes after the snapshots: an update, a delete and new rows
      await(Source.from(rows(0, 10, "second")).runWith(node.appender().sink(tables.rowsTarget(d)), node.system()));
      await(tables.deleteRow(d, "10"));
    }
    try (StreamSqlNode node = StreamSqlNode.start(TestCassandra.nodeConfig(SMALL_SNAPSHOTS))) {
      TableService tables = node.tables();
      TableDefinition d = await(tables.get(name));
      List<TablePartitionEntity.Row> all = await(tables.scan(d, null).runWith(Sink.seq(), node.system()));
      assertEquals(1999, all.size());
      Map<String, String> byKey = new java.util.HashMap<>();
      all.forEach(r -> byKey.put(r.keyJson(), new String(r.value(), StandardCharsets.UTF_8)));
      assertEquals("{\"id\":3,\"tag\":\"second\"}", byKey.get("3"));
      assertEquals("{\"id\":1500,\"tag\":\"first\"}", byKey.get("1500"));
      assertTrue(!byKey.containsKey("10"));
      for (TablePartitionEntity.TablePartitionInfo p : await(tables.describe(name)).partitions()) {
        assertNotNull(p.snapshotId(), "recovered from a snapshot");
      }

      // dropping the table also deletes its snapshot chunks
      var session = io.streamsql.persistence.CassandraSchema.session(node.system());
      String keyspace = io.streamsql.persistence.CassandraSchema.journalKeyspace(node.system());
      java.util.function.Supplier<Long> sets = () -> {
        long n = 0;
        for (int p = 0; p < d.partitions(); p++) {
          String pid = TablePartitionEntity.persistenceId(d.partitionEntityId(p)).id();
          try {
            n += await(session.selectAll("SELECT snapshot_id FROM " + keyspace + ".table_snapshot_sets WHERE persistence_id = ?", pid)).size();
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }
        return n;
      };
      assertTrue(sets.get() > 0);
      await(tables.delete(name));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (sets.get() > 0 && System.nanoTime() < deadline) TimeUnit.MILLISECONDS.sleep(100);
      assertEquals(0L, sets.get(), "no chunk sets are left after the table is dropped");
    }
  }
}

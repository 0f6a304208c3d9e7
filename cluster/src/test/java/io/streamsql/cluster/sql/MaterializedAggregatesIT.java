package io.streamsql.cluster.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.TestCassandra;
import io.streamsql.core.sql.plan.RecordJson;
import io.streamsql.persistence.aggregate.AggregatePartitionEntity;
import io.streamsql.persistence.sql.QueryDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/**
 * An aggregation's result is materialized in its state partitions: looked up by key and scanned,
 * from the real Cassandra journal, and the same after the node restarts from chunked snapshots;
 * terminating it releases that state.
 */
class MaterializedAggregatesIT {
  private static final String SMALL_SNAPSHOTS = """
      streamsql.tables.snapshot-min-changes = 50
      streamsql.tables.snapshot-chunk-bytes = 2KiB
      """;
  private static final int CATEGORIES = 120;

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** INSERT VALUES of records {@code from} … {@code to - 1}: category i % CATEGORIES, x = i. */
  private static void insert(SqlEngine engine, int from, int to) {
    StringBuilder script = new StringBuilder();
    for (int i = from; i < to; i++) {
      script.append("INSERT INTO SRC (K, CAT, X) VALUES ('k").append(i).append("', 'c").append(i % CATEGORIES).append("', ")
          .append(i).append(");\n");
    }
    engine.execute(script.toString(), Map.of(), Map.of());
  }

  /** count and sum per category of records 0 … n-1 */
  private static Map<String, long[]> expected(int n) {
    Map<String, long[]> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      long[] cs = out.computeIfAbsent("c" + (i % CATEGORIES), k -> new long[2]);
      cs[0]++;
      cs[1] += i;
    }
    return out;
  }

  private static void awaitTotals(StreamSqlNode node, QueryDefinition def, Map<String, long[]> expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String last = null;
    while (System.nanoTime() < deadline) {
      last = null;
      for (var e : expected.entrySet()) {
        var row = await(node.aggregates().getOne(def, List.of(e.getKey())));
        String want = "{\"N\":" + e.getValue()[0] + ",\"TOTAL\":" + e.getValue()[1] + "}";
        String got = row.map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
        if (!want.equals(got)) {
          last = e.getKey() + ": expected " + want + ", got " + got;
          break;
        }
      }
      if (last == null) return;
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("lookups never reached the totals: " + last);
  }

  @Test
  void lookupsAndScansReadTheStatePartitionsBeforeAndAfterARestart() throws Exception {
    String namespace = "mat_" + UUID.randomUUID().toString().substring(0, 8);
    try (StreamSqlNode node = StreamSqlNode.start(TestCassandra.nodeConfig(SMALL_SNAPSHOTS))) {
      SqlEngine engine = node.sql(namespace);
      engine.execute("CREATE STREAM SRC (K STRING KEY, CAT STRING, X BIGINT) WITH (kafka_topic='src', partitions=2, value_format='JSON');"
          + "CREATE TABLE BY_CAT AS SELECT CAT, COUNT(*) AS N, SUM(X) AS TOTAL FROM SRC GROUP BY CAT;", Map.of(), Map.of());
      insert(engine, 0, 600);
      QueryDefinition def = engine.aggregationWriting("BY_CAT");
      assertNotNull(def, "the table is written by an aggregation");
      awaitTotals(node, def, expected(600));
      assertTrue(await(node.aggregates().getOne(def, List.of("no such category"))).isEmpty());
      List<AggregatePartitionEntity.Row> all = await(node.aggregates().scan(def).runWith(Sink.seq(), node.system()));
      assertEquals(CATEGORIES, all.size(), "one row per category");
      assertEquals("\"c7\"", all.stream().filter(r -> r.keyJson().equals("\"c7\"")).findFirst().orElseThrow().keyJson());
    }
    try (StreamSqlNode node = StreamSqlNode.start(TestCassandra.nodeConfig(SMALL_SNAPSHOTS))) {
      SqlEngine engine = node.sql(namespace);
      QueryDefinition def = engine.aggregationWriting("BY_CAT");
      // Recovered from the journal and snapshot chunks: the totals are there before any new input.
      awaitTotals(node, def, expected(600));
      insert(engine, 600, 900);
      awaitTotals(node, def, expected(900));
      var row = RecordJson.read(await(node.aggregates().getOne(def, List.of("c0"))).orElseThrow().value());
      assertEquals(expected(900).get("c0")[0], row.get("N").asLong());

      // Terminating the query releases its state: partitions cleared, repartition log deleted.
      int partitions = await(node.streams().get(AggregationRunner.repartitionLog(def))).partitions();
      engine.execute("TERMINATE ALL;", Map.of(), Map.of());
      var sharding = org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(node.system());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      boolean released = false;
      while (!released && System.nanoTime() < deadline) {
        boolean logGone = node.streams().get(AggregationRunner.repartitionLog(def)).toCompletableFuture()
            .handle((d, error) -> error != null).get(30, TimeUnit.SECONDS);
        boolean cleared = true;
        for (int p = 0; p < partitions; p++) {
          var progress = await(sharding.entityRefFor(AggregatePartitionEntity.TYPE_KEY,
                  AggregatePartitionEntity.entityId(namespace, def.queryId(), p))
              .<AggregatePartitionEntity.Processed>ask(AggregatePartitionEntity.GetProgress::new, java.time.Duration.ofSeconds(30)));
          if (progress.nextOffset() != 0) cleared = false;
        }
        released = logGone && cleared;
        if (!released) TimeUnit.MILLISECONDS.sleep(100);
      }
      assertTrue(released, "the terminated aggregation's state partitions are cleared and its repartition log deleted");
    }
  }
}

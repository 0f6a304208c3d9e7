package io.streamsql.persistence.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.core.sql.plan.PlanCompiler;
import io.streamsql.core.sql.plan.PlannedQuery;
import io.streamsql.core.sql.plan.ProcessingLog;
import io.streamsql.core.sql.plan.QueryPlan;
import io.streamsql.core.sql.plan.QueryPlanner;
import io.streamsql.core.sql.plan.SinkSpec;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.plan.SourceSchemas;
import io.streamsql.persistence.table.ChunkStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A state partition of an aggregation: one event per batch (changed groups, next offset, outputs),
 * retried batches answered without reprocessing, recovery from the journal and from chunked
 * snapshots, and the exactly-once hand-off of outputs to an idempotent sink across a crash.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregatePartitionEntityTest {
  private static final String SOURCE = "CREATE STREAM SRC (K STRING KEY, ID BIGINT, NAME STRING, V INT) "
      + "WITH (kafka_topic='src', value_format='JSON');";
  private static final String COUNT_BY_NAME = "CREATE TABLE OUT AS SELECT NAME, COUNT(*) AS C FROM SRC GROUP BY NAME;";
  private static final String TUMBLING_COUNT = "CREATE TABLE OUT AS SELECT K, COUNT(*) AS C FROM SRC "
      + "WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY K;";
  private static final AggregatePartitionEntity.Settings NO_SNAPSHOTS = new AggregatePartitionEntity.Settings(1 << 20, 1_000_000);

  private final ActorTestKit testKit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private final PlanCompiler compiler = new PlanCompiler(FunctionRegistry.standard());
  private final AggregateProcessors processors =
      (namespace, queryId, stage, plan) -> {
        assertEquals(AggregateProcessors.AGGREGATE, stage, "these tests run the aggregate stage");
        return compiler.compile(plan, ProcessingLog.IGNORE).aggregation().newPartition().get();
      };
  private final InMemoryChunks chunks = new InMemoryChunks();
  private final AtomicInteger entities = new AtomicInteger();

  /** Snapshot chunks kept in memory, counting the chunk sets read back. */
  static final class InMemoryChunks implements ChunkStore {
    final Map<String, List<byte[]>> sets = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public CompletionStage<Done> write(String pid, String id, List<byte[]> chunks) {
      sets.put(pid + "/" + id, List.copyOf(chunks));
      return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<List<byte[]>> read(String pid, String id, int n) {
      reads.incrementAndGet();
      List<byte[]> set = sets.get(pid + "/" + id);
      if (set == null || set.size() != n) return CompletableFuture.failedFuture(new IllegalStateException("missing chunks " + id));
      return CompletableFuture.completedFuture(set);
    }

    @Override
    public CompletionStage<Done> delete(String pid, String id) {
      sets.remove(pid + "/" + id);
      return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public CompletionStage<Done> deleteAll(String pid) {
      sets.keySet().removeIf(k -> k.startsWith(pid + "/"));
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  }

  /** A planned GROUP BY query: its stored plan (what the entity gets) and stage one (source rows → grouped rows). */
  private static final class Query {
    final QueryPlan plan;
    final PlannedQuery stageOne;

    Query(String ctas) {
      SourceSchema source = SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(SOURCE).get(0).tree()));
      var tree = (StreamSqlParser.CreateTableAsContext) SqlParser.parse(ctas).get(0).tree();
      stageOne = new QueryPlanner(FunctionRegistry.standard()).plan(tree.query(), source,
          new SinkSpec(SourceStatements.identifier(tree.sourceName().identifier()), CreateSource.Kind.TABLE, Map.of(), null),
          ProcessingLog.IGNORE);
      plan = stageOne.plan();
    }

    /** Grouped rows of source records {key, value JSON, timestamp}, at offsets from {@code firstOffset}. */
    List<InputRecord> grouped(long firstOffset, Object[]... records) {
      List<InputRecord> out = new ArrayList<>();
      long offset = firstOffset;
      for (Object[] r : records) {
        List<OutputRecord> rows = new ArrayList<>();
        stageOne.processor().process(
            new InputRecord((String) r[0], ((String) r[1]).getBytes(StandardCharsets.UTF_8), (Long) r[2], 0, offset), rows::add);
        for (OutputRecord g : rows) out.add(new InputRecord(g.keyJson(), g.valueJson(), g.timestamp(), 0, offset, g.headers()));
        offset++;
      }
      return out;
    }
  }

  private static Object[] named(String name) {
    return new Object[] {"\"k\"", "{\"ID\":1,\"NAME\":\"" + name + "\",\"V\":1}", 1L};
  }

  private static Object[] keyed(String key, long timestamp) {
    return new Object[] {"\"" + key + "\"", "{\"V\":1}", timestamp};
  }

  private static String text(OutputRecord o) {
    return o.keyJson() + "|" + (o.valueJson() == null ? null : new String(o.valueJson(), StandardCharsets.UTF_8));
  }

  private static List<String> texts(List<OutputRecord> outputs) {
    return outputs.stream().map(AggregatePartitionEntityTest::text).toList();
  }

  @BeforeEach
  void fresh() {
    chunks.sets.clear();
    chunks.reads.set(0);
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit<AggregatePartitionEntity.Command, AggregatePartitionEntity.Event, AggregateState> entity(
      AggregatePartitionEntity.Settings settings) {
    String id = AggregatePartitionEntity.entityId("ns", "CTAS_OUT_" + entities.incrementAndGet(), 0);
    var kit = EventSourcedBehaviorTestKit.<AggregatePartitionEntity.Command, AggregatePartitionEntity.Event, AggregateState>create(
        testKit.system(), AggregatePartitionEntity.create(id, processors, settings, chunks),
        // commands and events go through Jackson CBOR; the state is mutable and never serialized itself (its snapshot adapter's record is)
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false));
    kit.clear();
    return kit;
  }

  private static EventSourcedBehaviorTestKit.CommandResultWithReply<AggregatePartitionEntity.Command, AggregatePartitionEntity.Event,
      AggregateState, StatusReply<AggregatePartitionEntity.Processed>> process(
      EventSourcedBehaviorTestKit<AggregatePartitionEntity.Command, AggregatePartitionEntity.Event, AggregateState> kit, Query q,
      List<InputRecord> records, long nextOffset) {
    return kit.runCommand(r -> new AggregatePartitionEntity.Process("CTAS_OUT", AggregateProcessors.AGGREGATE, q.plan, records, nextOffset, false, r));
  }

  private static AggregatePartitionEntity.Processed progress(
      EventSourcedBehaviorTestKit<AggregatePartitionEntity.Command, AggregatePartitionEntity.Event, AggregateState> kit) {
    return kit.<AggregatePartitionEntity.Processed>runCommand(AggregatePartitionEntity.GetProgress::new).reply();
  }

  /** The group's current row as [key JSON, first value column], or null when the group or window is absent. */
  private static List<Object> lookup(
      EventSourcedBehaviorTestKit<AggregatePartitionEntity.Command, AggregatePartitionEntity.Event, AggregateState> kit, Query q,
      String groupKey, long windowStart) {
    List<AggregatePartitionEntity.Row> rows = kit.<AggregatePartitionEntity.RowPage>runCommand(
        r -> new AggregatePartitionEntity.Lookup("CTAS_OUT", q.plan, groupKey, windowStart, r)).reply().rows();
    if (rows.isEmpty()) return null;
    var value = io.streamsql.core.sql.plan.RecordJson.read(rows.get(0).value());
    return java.util.Arrays.asList(rows.get(0).keyJson(), value.elements().next().numberValue());
  }

  // ---- 1 ----

  @Test
  void aBatchIsJournaledAsOneEventWithItsChangedGroupsNextOffsetAndOutputsNumberedFromTheNextSequence() {
    Query q = new Query(COUNT_BY_NAME);
    var kit = entity(NO_SNAPSHOTS);

    var first = process(kit, q, q.grouped(0, named("a"), named("b"), named("a")), 3);
    assertEquals(1, first.events().size(), "one event per batch");
    var event = assertInstanceOf(AggregatePartitionEntity.BatchAggregated.class, first.event());
    assertEquals(3, event.nextOffset());
    assertEquals(0, event.firstSequence());
    assertEquals(java.util.Set.of("\"a\"", "\"b\""), event.changes().keySet(), "the changed groups, each once");
    event.changes().values().forEach(v -> assertNotNull(v, "no group left the state"));
    List<String> expected = List.of("\"a\"|{\"C\":1}", "\"b\"|{\"C\":1}", "\"a\"|{\"C\":2}");
    assertEquals(expected, texts(event.outputs()), "the outputs are journaled with the state");
    var reply = first.reply().getValue();
    assertEquals(expected, texts(reply.outputs()));
    assertEquals(0, reply.firstSequence(), "outputs are numbered from firstSequence: 0, 1, 2");
    assertEquals(3, reply.nextOffset());

    var second = process(kit, q, q.grouped(3, named("b")), 4);
    assertEquals(1, second.events().size());
    var secondEvent = (AggregatePartitionEntity.BatchAggregated) second.event();
    assertEquals(java.util.Set.of("\"b\""), secondEvent.changes().keySet(), "only the group that changed");
    assertEquals(List.of("\"b\"|{\"C\":2}"), texts(second.reply().getValue().outputs()));
    assertEquals(3, second.reply().getValue().firstSequence(), "the next batch's numbering continues after the 3 outputs");
    assertEquals(3, secondEvent.firstSequence());
    assertEquals(4, second.reply().getValue().nextOffset());
  }

  // ---- 2 ----

  @Test
  void aRetriedBatchIsNotProcessedTwice() {
    Query q = new Query(COUNT_BY_NAME);
    var kit = entity(NO_SNAPSHOTS);
    List<InputRecord> batch1 = q.grouped(0, named("a"), named("a"));
    List<InputRecord> batch2 = q.grouped(2, named("a"));
    process(kit, q, batch1, 2);
    var done = process(kit, q, batch2, 3).reply().getValue();
    assertEquals(List.of("\"a\"|{\"C\":3}"), texts(done.outputs()));

    // the last batch again (its reply was lost): the same outputs with the same numbers, nothing journaled
    var again = process(kit, q, batch2, 3);
    assertTrue(again.hasNoEvents(), "a retried batch journals nothing");
    assertEquals(texts(done.outputs()), texts(again.reply().getValue().outputs()));
    assertEquals(done.firstSequence(), again.reply().getValue().firstSequence());
    assertEquals(3, again.reply().getValue().nextOffset());

    // an older batch again: nothing to append, nothing journaled
    var older = process(kit, q, batch1, 2);
    assertTrue(older.hasNoEvents());
    assertEquals(List.of(), older.reply().getValue().outputs());
    assertEquals(3, older.reply().getValue().nextOffset());

    // state unchanged: the group still counts 3, and the next batch counts on from there
    assertEquals(3L, ((Number) lookup(kit, q, "\"a\"", 0).get(1)).longValue());
    assertEquals(3, kit.getState().nextOffset);
    assertEquals(3, kit.getState().nextSequence);
    var next = process(kit, q, q.grouped(3, named("a")), 4).reply().getValue();
    assertEquals(List.of("\"a\"|{\"C\":4}"), texts(next.outputs()));
    assertEquals(3, next.firstSequence());
  }

  @Test
  void aBatchOverlappingTheProcessedOnesSkipsTheRowsBelowThePosition() {
    Query q = new Query(COUNT_BY_NAME);
    var kit = entity(NO_SNAPSHOTS);
    process(kit, q, q.grouped(0, named("a"), named("a")), 2);
    // offsets 1..3 re-read: offset 1 was counted already
    var reply = process(kit, q, q.grouped(1, named("a"), named("a"), named("b")), 4).reply().getValue();
    assertEquals(List.of("\"a\"|{\"C\":3}", "\"b\"|{\"C\":1}"), texts(reply.outputs()));
    assertEquals(2, reply.firstSequence());
  }

  // ---- 3 ----

  @Test
  void afterARestartProgressHasTheJournaledOffsetAndLastOutputsAndCountsContinue() {
    Query q = new Query(COUNT_BY_NAME);
    var kit = entity(NO_SNAPSHOTS);
    assertEquals(List.of("\"a\"|{\"C\":1}"), texts(process(kit, q, q.grouped(0, named("a")), 1).reply().getValue().outputs()));
    assertEquals(List.of("\"a\"|{\"C\":2}", "\"b\"|{\"C\":1}"),
        texts(process(kit, q, q.grouped(1, named("a"), named("b")), 3).reply().getValue().outputs()));

    kit.restart();

    var progress = progress(kit);
    assertEquals(3, progress.nextOffset(), "input resumes after the last journaled batch");
    assertEquals(List.of("\"a\"|{\"C\":2}", "\"b\"|{\"C\":1}"), texts(progress.outputs()), "the last batch's outputs, to append again");
    assertEquals(1, progress.firstSequence(), "with the numbers they had");

    var next = process(kit, q, q.grouped(3, named("a")), 4).reply().getValue();
    assertEquals(List.of("\"a\"|{\"C\":3}"), texts(next.outputs()), "the count continues from the recovered state");
    assertEquals(3, next.firstSequence(), "and so does the numbering");
  }

  // ---- 4 ----

  @Test
  void snapshotsAreWrittenInChunksAndRecoveryReadsThemThenReplaysTheLaterBatches() throws InterruptedException {
    Query q = new Query(TUMBLING_COUNT);
    var kit = entity(new AggregatePartitionEntity.Settings(16, 1));

    // 6 groups changed, 6 held: a snapshot; "old" is in window [0,10s), the others in [10s,20s)
    process(kit, q, q.grouped(0, keyed("old", 0), keyed("a", 10_000), keyed("b", 10_000), keyed("c", 10_000), keyed("d", 10_000),
        keyed("e", 10_000)), 6);
    await(() -> kit.getState().snapshot != null);
    var snapshot = kit.getState().snapshot;
    assertNotNull(snapshot, "6 changes >= max(1, 6 groups) take a snapshot");
    List<byte[]> set = chunks.sets.get(AggregatePartitionEntity.persistenceId(
        AggregatePartitionEntity.entityId("ns", "CTAS_OUT_" + entities.get(), 0)).id() + "/" + snapshot.snapshotId());
    assertNotNull(set);
    assertTrue(set.size() > 1, "the groups are cut into chunks: " + set.size());
    assertEquals(set.size(), snapshot.chunks());
    assertEquals(6, GroupChunks.decode(set).size());

    // after the snapshot: "a" counts on (stream time stays 10s, retention 10s keeps "old"), then stream time 10.5s
    // expires window [0,10s), so "old" leaves the state
    var counted = process(kit, q, q.grouped(6, keyed("a", 10_000)), 7);
    assertEquals(List.of("{\"key\":\"a\",\"start\":10000,\"end\":20000}|{\"C\":2}"), texts(counted.reply().getValue().outputs()));
    // A windowed aggregation journals each window on its own: group key, U+0001, window start.
    assertEquals(java.util.Set.of("\"a\"\u000110000"), ((AggregatePartitionEntity.BatchAggregated) counted.event()).changes().keySet());
    var expiry = process(kit, q, q.grouped(7, keyed("b", 10_500)), 8);
    var expiryEvent = (AggregatePartitionEntity.BatchAggregated) expiry.event();
    assertTrue(expiryEvent.changes().containsKey("\"old\"\u00010") && expiryEvent.changes().get("\"old\"\u00010") == null,
        "the expired group is journaled as removed: " + expiryEvent.changes().keySet());
    assertNull(lookup(kit, q, "\"old\"", 0));
    assertEquals(snapshot, kit.getState().snapshot, "no further snapshot: 3 changes since < 5 groups held");

    int readsBefore = chunks.reads.get();
    kit.restart();
    assertEquals(8, progress(kit).nextOffset());
    assertEquals(readsBefore + 1, chunks.reads.get(), "recovery read the chunked snapshot");
    assertEquals(snapshot, kit.getState().snapshot);
    assertNull(lookup(kit, q, "\"old\"", 0), "a group removed after the snapshot stays removed");
    assertNotNull(lookup(kit, q, "\"c\"", 10_000), "a group only the snapshot holds is back");
    assertEquals(java.util.Set.of("\"a\"\u000110000", "\"b\"\u000110000", "\"c\"\u000110000", "\"d\"\u000110000",
        "\"e\"\u000110000"), kit.getState().groups.keySet());
    assertEquals(List.of("{\"key\":\"a\",\"start\":10000,\"end\":20000}|{\"C\":3}"),
        texts(process(kit, q, q.grouped(8, keyed("a", 12_000)), 9).reply().getValue().outputs()),
        "snapshot (1) + replayed batch (2) + this one");
    assertEquals(List.of("{\"key\":\"c\",\"start\":10000,\"end\":20000}|{\"C\":2}"),
        texts(process(kit, q, q.grouped(9, keyed("c", 12_000)), 10).reply().getValue().outputs()),
        "a group from the snapshot counts on");
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) TimeUnit.MILLISECONDS.sleep(20);
  }

  @Test
  void aClearedPartitionRecoversEmptyAfterASnapshot() throws InterruptedException {
    Query q = new Query(COUNT_BY_NAME);
    var kit = entity(new AggregatePartitionEntity.Settings(16, 1));
    process(kit, q, q.grouped(0, named("a"), named("b")), 2);
    await(() -> kit.getState().snapshot != null);
    assertNotNull(kit.getState().snapshot, "2 changes >= 2 groups take a snapshot");
    kit.<Done>runCommand(AggregatePartitionEntity.Clear::new);
    assertNull(lookup(kit, q, "\"a\"", 0));
    kit.restart();
    var progress = progress(kit);
    assertEquals(0, progress.nextOffset(), "a cleared partition starts over");
    assertNull(lookup(kit, q, "\"a\"", 0), "the snapshot taken before the clear does not bring its groups back");
    assertEquals(List.of("\"a\"|{\"C\":1}"), texts(process(kit, q, q.grouped(0, named("a")), 1).reply().getValue().outputs()));
  }

  // ---- 5 ----

  /** A sink log with LogPartitionEntity.AppendIdempotent's rule: a record is kept only above its producer's highest sequence. */
  private static final class Sink {
    final Map<String, Long> highest = new HashMap<>();
    final TreeMap<String, String> records = new TreeMap<>();

    void append(String producer, AggregatePartitionEntity.Processed batch) {
      for (int i = 0; i < batch.outputs().size(); i++) {
        long seq = batch.firstSequence() + i;
        if (seq <= highest.getOrDefault(producer, -1L)) continue;
        records.put(producer + "#" + String.format("%06d", seq), text(batch.outputs().get(i)));
        highest.put(producer, seq);
      }
    }
  }

  private static final String PRODUCER = "CTAS_OUT/0";

  /** Batch n of the input, grouped. */
  private static List<InputRecord> batch(Query q, int n) {
    return switch (n) {
      case 1 -> q.grouped(0, named("a"), named("b"));
      case 2 -> q.grouped(2, named("a"), named("c"));
      case 3 -> q.grouped(4, named("a"), named("b"));
      default -> throw new IllegalArgumentException();
    };
  }

  private static final long[] NEXT = {0, 2, 4, 6};

  private Sink crashFreeRun(Query q) {
    var kit = entity(NO_SNAPSHOTS);
    Sink sink = new Sink();
    for (int n = 1; n <= 3; n++) sink.append(PRODUCER, process(kit, q, batch(q, n), NEXT[n]).reply().getValue());
    return sink;
  }

  /** Batch 2 is journaled, then the runner crashes before appending its outputs; after the restart it resumes. */
  private Sink runCrashingAfterJournalingBatch2(Query q, boolean appendLastOutputsAfterRestart) {
    var kit = entity(NO_SNAPSHOTS);
    Sink sink = new Sink();
    sink.append(PRODUCER, process(kit, q, batch(q, 1), NEXT[1]).reply().getValue());
    process(kit, q, batch(q, 2), NEXT[2]); // journaled; its outputs never reach the sink
    kit.restart();
    var progress = progress(kit);
    if (appendLastOutputsAfterRestart) sink.append(PRODUCER, progress);
    assertEquals(NEXT[2], progress.nextOffset(), "input resumes after batch 2, so batch 2 is not processed again");
    sink.append(PRODUCER, process(kit, q, batch(q, 3), NEXT[3]).reply().getValue());
    return sink;
  }

  @Test
  void outputsReachTheSinkExactlyOnceAcrossACrashBetweenJournalingAndAppending() {
    Query q = new Query(COUNT_BY_NAME);
    Sink expected = crashFreeRun(q);
    assertEquals(List.of("\"a\"|{\"C\":1}", "\"b\"|{\"C\":1}", "\"a\"|{\"C\":2}", "\"c\"|{\"C\":1}", "\"a\"|{\"C\":3}", "\"b\"|{\"C\":2}"),
        List.copyOf(expected.records.values()));

    assertEquals(expected.records, runCrashingAfterJournalingBatch2(q, true).records,
        "appending the journaled last outputs again after the restart gives the crash-free sink");

    // The mechanism disabled: without appending the last batch's outputs again, batch 2's outputs are lost.
    Sink lossy = runCrashingAfterJournalingBatch2(q, false);
    assertNotEquals(expected.records, lossy.records);
    assertEquals(List.of("\"a\"|{\"C\":1}", "\"b\"|{\"C\":1}", "\"a\"|{\"C\":3}", "\"b\"|{\"C\":2}"), List.copyOf(lossy.records.values()),
        "a|C=2 and c|C=1 never reach the sink");
  }

  @Test
  void appendingTheLastOutputsAgainWhenTheyHadReachedTheSinkAddsNothing() {
    Query q = new Query(COUNT_BY_NAME);
    Sink expected = crashFreeRun(q);
    var kit = entity(NO_SNAPSHOTS);
    Sink sink = new Sink();
    for (int n = 1; n <= 2; n++) sink.append(PRODUCER, process(kit, q, batch(q, n), NEXT[n]).reply().getValue());
    kit.restart(); // crash after appending batch 2
    sink.append(PRODUCER, progress(kit));
    sink.append(PRODUCER, process(kit, q, batch(q, 3), NEXT[3]).reply().getValue());
    assertEquals(expected.records, sink.records);
  }
}

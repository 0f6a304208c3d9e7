package io.streamsql.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.cluster.streams.AppendSummary;
import io.streamsql.cluster.streams.LogEntry;
import io.streamsql.cluster.streams.UploadItem;
import io.streamsql.core.format.ParsedRecord;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.LogPartitionEntity;
import io.streamsql.persistence.log.PartitionState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;

/** Streams on the real Cassandra journal: restart durability and retention. */
class StreamsOnCassandraIT {

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static List<UploadItem> records(int from, int count, boolean keyed) {
    return IntStream.range(from, from + count)
        .mapToObj(i -> (UploadItem) new UploadItem.Record(new ParsedRecord(
            ("{\"seq\":" + i + ",\"user\":\"u" + (i % 13) + "\"}").getBytes(StandardCharsets.UTF_8),
            keyed ? "\"u" + (i % 13) + "\"" : null, i + 1)))
        .toList();
  }

  private static AppendSummary append(StreamSqlNode node, StreamDefinition def, List<UploadItem> items) throws Exception {
    return await(Source.from(items).runWith(node.appender().sink(def), node.system()));
  }

  private static List<LogEntry> readAll(StreamSqlNode node, StreamDefinition def) throws Exception {
    return await(node.reader().read(def, null, new ReadPosition.Earliest(), false).runWith(Sink.seq(), node.system()));
  }

  private static int seq(LogEntry e) {
    String json = new String(e.record().value(), StandardCharsets.UTF_8);
    return Integer.parseInt(json.substring(json.indexOf(':') + 1, json.indexOf(',')));
  }

  @Test
  void everyAppendedRecordIsReadBackInOrderAfterTheActorSystemRestarts() throws Exception {
    String name = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    StreamDefinition def;
    try (StreamSqlNode node = StreamSqlNode.start(TestCassandra.nodeConfig(""))) {
      def = await(node.streams().create(name, 3, RetentionPolicy.FOREVER));
      AppendSummary first = append(node, def, records(0, 3000, true));
      AppendSummary second = append(node, def, records(3000, 2000, true));
      assertEquals(3000, first.records());
      assertEquals(2000, second.records());
      assertNull(second.error());
    }
    try (StreamSqlNode node = StreamSqlNode.start(TestCassandra.nodeConfig(""))) {
      assertEquals(def, await(node.streams().get(name)), "the catalog survives the restart");
      List<LogEntry> entries = readAll(node, def);
      assertEquals(5000, entries.size());
      Map<Integer, Long> nextOffset = new HashMap<>();
      Map<String, Integer> lastSeqOfKey = new HashMap<>();
      boolean[] seen = new boolean[5000];
      for (LogEntry e : entries) {
        long expected = nextOffset.getOrDefault(e.partition(), 0L);
        assertEquals(expected, e.offset(), "dense offsets in partition " + e.partition());
        nextOffset.put(e.partition(), expected + 1);
        int seq = seq(e);
        assertTrue(!seen[seq], "no duplicates");
        seen[seq] = true;
        Integer previous = lastSeqOfKey.put(e.record().key(), seq);
        assertTrue(previous == null || previous < seq, "records of one key stay in order");
      }
      var described = await(node.streams().describe(name));
      assertEquals(5000, described.partitions().stream().mapToLong(PartitionState::retainedRecords).sum());
      // appends continue after the last offset
      AppendSummary more = append(node, def, records(5000, 10, true));
      more.partitions().forEach((p, range) -> assertEquals(nextOffset.get(p), range.firstOffset()));
    }
  }

  @Test
  void theLogWriterPlacesRecordsByTheOneRuleAndRefusesWhatALogDoesNotHave() throws Exception {
    String name = "writer-" + UUID.randomUUID().toString().substring(0, 8);
    try (StreamSqlNode node = StreamSqlNode.start(TestCassandra.nodeConfig(""))) {
      StreamDefinition def = await(node.streams().create(name, 4, RetentionPolicy.FOREVER));
      byte[] v = "{}".getBytes(StandardCharsets.UTF_8);
      List<io.streamsql.cluster.log.LogRecord> batch = new ArrayList<>();
      for (int i = 0; i < 8; i++) batch.add(new io.streamsql.cluster.log.LogRecord(null, v, null, null));
      batch.add(new io.streamsql.cluster.log.LogRecord("{\"ID\":1}", null, 5L, null));
      batch.add(new io.streamsql.cluster.log.LogRecord("\"x\"", v, null, 3));
      Map<Integer, LogPartitionEntity.Appended> appended = await(node.logWriter().append(name, batch));
      int structPartition = io.streamsql.core.log.Partitioner.partitionForKey("{\"ID\":1}", 4);
      int total = appended.values().stream().mapToInt(LogPartitionEntity.Appended::count).sum();
      assertEquals(10, total);
      for (int p = 0; p < 4; p++) {
        int expected = 2 + (p == structPartition ? 1 : 0) + (p == 3 ? 1 : 0);
        assertEquals(expected, appended.get(p).count(), "keyless round-robin, keyed by murmur2, explicit as given: " + appended);
      }
      List<LogEntry> stored = readAll(node, def);
      assertTrue(stored.stream().anyMatch(e -> e.partition() == structPartition && e.record().value() == null
          && e.record().timestamp() == 5L), "a tombstone with a structured key and its own timestamp");

      var notFound = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> await(node.logWriter().append("no-such-log-" + name, List.of(batch.get(0)))));
      assertEquals(io.streamsql.core.error.ErrorCode.STREAM_NOT_FOUND,
          ((io.streamsql.core.error.StreamSqlException) rootCause(notFound)).code());
      var badPartition = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> await(node.logWriter().append(name, List.of(new io.streamsql.cluster.log.LogRecord(null, v, null, 4)))));
      assertEquals(io.streamsql.core.error.ErrorCode.INVALID_REQUEST,
          ((io.streamsql.core.error.StreamSqlException) rootCause(badPartition)).code());
    }
  }

  private static Throwable rootCause(Throwable t) {
    while (!(t instanceof io.streamsql.core.error.StreamSqlException) && t.getCause() != null) t = t.getCause();
    return t;
  }

  @Test
  void countRetentionDeletesWholeOldSegmentsFromTheJournalAndNothingElse() throws Exception {
    String name = "retain-" + UUID.randomUUID().toString().substring(0, 8);
    try (StreamSqlNode node = StreamSqlNode.start(TestCassandra.nodeConfig("streamsql.log.segment-max-records = 10"))) {
      StreamDefinition def = await(node.streams().create(name, 1, RetentionPolicy.parse(25)));
      for (int i = 0; i < 10; i++) append(node, def, records(i * 10, 10, false)); // one batch, one segment each
      PartitionState state = await(node.streams().partitionStates(def)).get(0);
      // Dropping the oldest of the 3 newest segments would leave 20 < 25 records, so 30 remain.
      assertEquals(70, state.startOffset());
      assertEquals(100, state.nextOffset());
      List<LogEntry> entries = readAll(node, def);
      assertEquals(30, entries.size());
      for (int i = 0; i < 30; i++) {
        assertEquals(70 + i, entries.get(i).offset());
        assertEquals(70 + i, seq(entries.get(i)));
      }
      String pid = LogPartitionEntity.persistenceId(def.partitionEntityId(0)).id();
      CassandraReadJournal journal =
          PersistenceQuery.get(node.system()).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
      Supplier<Long> firstJournaledOffset = () -> {
        try {
          List<EventEnvelope> events = await(journal.currentEventsByPersistenceId(pid, 0, Long.MAX_VALUE).runWith(Sink.seq(), node.system()));
          return events.stream()
              .filter(e -> e.event() instanceof LogPartitionEntity.BatchAppended)
              .map(e -> ((LogPartitionEntity.BatchAppended) e.event()).firstOffset())
              .findFirst().orElse(-1L);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      };
      assertEquals(70L, awaitValue(firstJournaledOffset, 70L, Duration.ofSeconds(20)), "the journal no longer holds deleted segments");
    }
  }

  @Test
  void timeRetentionExpiresOldSegmentsWithoutNewAppends() throws Exception {
    String name = "ttl-" + UUID.randomUUID().toString().substring(0, 8);
    try (StreamSqlNode node = StreamSqlNode.start(TestCassandra.nodeConfig("streamsql.log.segment-max-records = 10"))) {
      StreamDefinition def = await(node.streams().create(name, 1, RetentionPolicy.parse("2s")));
      append(node, def, records(0, 10, false));
      var partition = node.streams().sharding().entityRefFor(LogPartitionEntity.TYPE_KEY, def.partitionEntityId(0));
      Supplier<Long> startAfterEnforcing = () -> {
        try {
          StatusReply<PartitionState> reply = await(partition.<StatusReply<PartitionState>>ask(
              r -> new LogPartitionEntity.EnforceRetention(def.retention(), r), Duration.ofSeconds(10)));
          return reply.getValue().startOffset();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      };
      assertEquals(0L, startAfterEnforcing.get(), "fresh records are kept");
      assertEquals(10L, awaitValue(startAfterEnforcing, 10L, Duration.ofSeconds(30)));
      append(node, def, records(10, 3, false));
      List<LogEntry> entries = readAll(node, def);
      assertEquals(List.of(10L, 11L, 12L), entries.stream().map(LogEntry::offset).toList());
    }
  }

  /** Polls until the supplier yields the expected value or the timeout passes; returns the last value. */
  private static <T> T awaitValue(Supplier<T> supplier, T expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = supplier.get();
    while (!expected.equals(value) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      TimeUnit.MILLISECONDS.sleep(100);
      value = supplier.get();
    }
    return value;
  }
}

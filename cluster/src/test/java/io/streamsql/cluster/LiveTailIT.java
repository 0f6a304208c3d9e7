package io.streamsql.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Follow reads of streams through the partitions' live feed, on the real Cassandra journal.
 * Polling the journal is set to once a minute, so records that arrive within the test's time
 * came from the live feed or from the catch-up and gap reads of the live tail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveTailIT {
  private final StreamSqlNode node = StreamSqlNode.start(TestCassandra.nodeConfig(
      "pekko.persistence.cassandra.query.refresh-interval = 60s\n"
          + "streamsql.append.max-batch-delay = 2ms\n"
          // Small enough that the slow consumer below overruns both and must fall back.
          + "streamsql.log.live.window-records = 50\n"
          + "streamsql.log.live.buffer-records = 100\n"));

  @AfterAll
  void stop() {
    node.close();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(90, TimeUnit.SECONDS);
  }

  private static List<UploadItem> records(int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(i -> (UploadItem) new UploadItem.Record(new ParsedRecord(
            ("{\"seq\":" + i + ",\"user\":\"u" + (i % 7) + "\"}").getBytes(StandardCharsets.UTF_8), "\"u" + (i % 7) + "\"", i + 1)))
        .toList();
  }

  private AppendSummary append(StreamDefinition def, int from, int count) throws Exception {
    return await(Source.from(records(from, count)).runWith(node.appender().sink(def), node.system()));
  }

  /** Appends {@code rounds} uploads of {@code size} records, one after another, starting at seq {@code from}. */
  private CompletableFuture<Void> appendInRounds(StreamDefinition def, int from, int rounds, int size) {
    return CompletableFuture.runAsync(() -> {
      try {
        for (int i = 0; i < rounds; i++) append(def, from + i * size, size);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
  }

  private static int seq(LogEntry e) {
    String json = new String(e.record().value(), StandardCharsets.UTF_8);
    return Integer.parseInt(json.substring(json.indexOf(':') + 1, json.indexOf(',')));
  }

  /** Every partition's offsets are dense from {@code firstOffset} and every seq in [from, to) appears exactly once. */
  private static void assertExactlyOnceInOrder(List<LogEntry> entries, Map<Integer, Long> firstOffset, int from, int to) {
    Map<Integer, Long> next = new HashMap<>(firstOffset);
    boolean[] seen = new boolean[to - from];
    for (LogEntry e : entries) {
      long expected = next.getOrDefault(e.partition(), 0L);
      assertEquals(expected, e.offset(), "no gap and no duplicate in partition " + e.partition());
      next.put(e.partition(), expected + 1);
      int seq = seq(e);
      assertTrue(seq >= from && seq < to, "only records from the requested position: " + seq);
      assertTrue(!seen[seq - from], "record " + seq + " once");
      seen[seq - from] = true;
    }
    for (int i = 0; i < seen.length; i++) assertTrue(seen[i], "record " + (from + i) + " arrived");
  }

  private int subscribers(StreamDefinition def, int partition) throws Exception {
    return await(node.streams().partition(def, partition).<LogPartitionEntity.SubscriberCount>ask(
        LogPartitionEntity.GetSubscriberCount::new, Duration.ofSeconds(10))).count();
  }

  @Test
  void recordsAppendedWhileAFollowReadIsOpenArriveInOrderWithNoGapAndNoDuplicateEvenWhenRacingTheCatchUp() throws Exception {
    StreamDefinition def = await(node.streams().create("live-" + UUID.randomUUID().toString().substring(0, 8), 3, RetentionPolicy.FOREVER));
    append(def, 0, 3000);
    // The follow read starts from the beginning while appends go on: they race its catch-up.
    CompletionStage<List<LogEntry>> read =
        node.reader().read(def, null, new ReadPosition.Earliest(), true).take(8000).runWith(Sink.seq(), node.system());
    CompletableFuture<Void> appends = appendInRounds(def, 3000, 100, 50);
    List<LogEntry> entries = await(read);
    appends.get(60, TimeUnit.SECONDS);
    assertEquals(8000, entries.size());
    assertExactlyOnceInOrder(entries, Map.of(), 0, 8000);
  }

  @Test
  void aFollowStartedAtLatestSeesOnlyNewRecords() throws Exception {
    StreamDefinition def = await(node.streams().create("latest-" + UUID.randomUUID().toString().substring(0, 8), 1, RetentionPolicy.FOREVER));
    append(def, 0, 100);
    SinkQueueWithCancel<LogEntry> follower =
        node.reader().read(def, 0, new ReadPosition.Latest(), true).runWith(Sink.queue(), node.system());
    // "Latest" is the partition's end when the read subscribed: wait for that before appending.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (subscribers(def, 0) == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(1, subscribers(def, 0));
    append(def, 100, 50);
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) entries.add(await(follower.pull()).orElseThrow());
    assertExactlyOnceInOrder(entries, Map.of(0, 100L), 100, 150);
    CompletableFuture<Optional<LogEntry>> more = follower.pull().toCompletableFuture();
    assertThrows(TimeoutException.class, () -> more.get(500, TimeUnit.MILLISECONDS), "nothing beyond the new records");
    follower.cancel();
  }

  @Test
  void aSlowConsumerFallsBehindItsWindowAndStillGetsEverythingExactlyOnce() throws Exception {
    StreamDefinition def = await(node.streams().create("slow-" + UUID.randomUUID().toString().substring(0, 8), 2, RetentionPolicy.FOREVER));
    // 1,000 records a second against appends of many times that: the window (50) and the buffer
    // (100) overflow, the partitions skip this reader and its buffer drops batches, so most
    // records reach it through gap reads from the journal.
    CompletionStage<List<LogEntry>> read = node.reader().read(def, null, new ReadPosition.Earliest(), true)
        .throttle(1000, Duration.ofSeconds(1))
        .take(4000)
        .runWith(Sink.seq(), node.system());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((subscribers(def, 0) == 0 || subscribers(def, 1) == 0) && System.nanoTime() < deadline) Thread.onSpinWait();
    appendInRounds(def, 0, 40, 100).get(60, TimeUnit.SECONDS);
    List<LogEntry> entries = await(read);
    assertEquals(4000, entries.size());
    assertExactlyOnceInOrder(entries, Map.of(), 0, 4000);
  }

  /** Messages in the crashed incarnation's mailbox are lost: ask until the new one answers. */
  private void awaitRestarted(StreamDefinition def) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        node.streams().partition(def, 0).<LogPartitionEntity.SubscriberCount>ask(
            LogPartitionEntity.GetSubscriberCount::new, Duration.ofSeconds(2)).toCompletableFuture().get();
        return;
      } catch (java.util.concurrent.ExecutionException lostInTheCrash) {
        if (System.nanoTime() > deadline) throw lostInTheCrash;
      }
    }
  }

  @Test
  void aFollowSurvivesItsPartitionEntityCrashingAndKeepsEveryRecordExactlyOnce() throws Exception {
    StreamDefinition def = await(node.streams().create("crash-" + UUID.randomUUID().toString().substring(0, 8), 1, RetentionPolicy.FOREVER));
    SinkQueueWithCancel<LogEntry> follower =
        node.reader().read(def, 0, new ReadPosition.Earliest(), true).runWith(Sink.queue(), node.system());
    append(def, 0, 100);
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < 100; i++) entries.add(await(follower.pull()).orElseThrow());
    // An append without records throws in the entity: it stops, and sharding starts a new
    // incarnation on the next message — with no subscribers, since they are not journaled.
    node.streams().partition(def, 0).tell(new LogPartitionEntity.Append(null, RetentionPolicy.FOREVER, node.system().ignoreRef()));
    awaitRestarted(def);
    append(def, 100, 100);
    // The follower's heartbeat re-subscribes; the answer's next offset shows what it missed.
    for (int i = 0; i < 100; i++) entries.add(await(follower.pull()).orElseThrow());
    assertExactlyOnceInOrder(entries, Map.of(), 0, 200);
    append(def, 200, 10);
    for (int i = 0; i < 10; i++) entries.add(await(follower.pull()).orElseThrow());
    assertExactlyOnceInOrder(entries, Map.of(), 0, 210);
    CompletableFuture<Optional<LogEntry>> more = follower.pull().toCompletableFuture();
    assertThrows(TimeoutException.class, () -> more.get(500, TimeUnit.MILLISECONDS), "nothing twice");
    // Checked while the follower runs: cancelling it unsubscribes.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (subscribers(def, 0) != 1 && System.nanoTime() < deadline) Thread.onSpinWait();
    assertEquals(1, subscribers(def, 0), "subscribed again to the new incarnation");
    follower.cancel();
  }
}

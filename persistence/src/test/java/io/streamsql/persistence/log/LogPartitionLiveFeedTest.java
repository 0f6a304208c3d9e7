package io.streamsql.persistence.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.core.log.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The live feed of a log partition: persisted batches pushed to subscribers, held in memory only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogPartitionLiveFeedTest {
  private static final LogPartitionEntity.Settings SETTINGS = new LogPartitionEntity.Settings(4, 1 << 20, 100);
  private static final long LEASE = 60_000;

  private final ActorTestKit testKit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private final MutableClock clock = new MutableClock();
  private EventSourcedBehaviorTestKit<LogPartitionEntity.Command, LogPartitionEntity.Event, PartitionState> kit;

  @BeforeEach
  void fresh() {
    kit = EventSourcedBehaviorTestKit.create(
        testKit.system(), LogPartitionEntity.create("s:inc:0", SETTINGS, clock, (pid, seqNr) -> {}));
    kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private List<StoredRecord> records(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new StoredRecord(null, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8), clock.millis(), Map.of()))
        .toList();
  }

  private StatusReply<LogPartitionEntity.Appended> append(int count) {
    return kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(
        r -> new LogPartitionEntity.Append(records(count), RetentionPolicy.FOREVER, r)).reply();
  }

  private TestProbe<LiveFeed> subscribe(long acknowledged, int window) {
    TestProbe<LiveFeed> probe = testKit.createTestProbe(LiveFeed.class);
    resubscribe(probe.ref(), acknowledged, window);
    return probe;
  }

  private void resubscribe(ActorRef<LiveFeed> subscriber, long acknowledged, int window) {
    var result = kit.runCommand(new LogPartitionEntity.Subscribe(subscriber, acknowledged, window, LEASE));
    assertTrue(result.events().isEmpty(), "subscribing journals nothing");
  }

  private int subscriberCount() {
    return kit.<LogPartitionEntity.SubscriberCount>runCommand(LogPartitionEntity.GetSubscriberCount::new).reply().count();
  }

  @Test
  void aSubscriberGetsEachPersistedBatchWithItsOffsetsAndSequenceNumber() {
    append(2);
    TestProbe<LiveFeed> probe = subscribe(2, 1000);
    assertEquals(new LiveFeed.Subscribed(2), probe.receiveMessage(), "the answer carries the next offset");
    append(3);
    append(1);
    var first = (LiveFeed.LiveBatch) probe.receiveMessage();
    var second = (LiveFeed.LiveBatch) probe.receiveMessage();
    assertEquals(List.of(2L, 2L, 3), List.of(first.seqNr(), first.firstOffset(), first.records().size()));
    assertEquals(List.of(3L, 5L, 1), List.of(second.seqNr(), second.firstOffset(), second.records().size()));
  }

  @Test
  void idempotentAppendsPublishOnlyTheFreshRecordsAndEmptyAppendsNothing() {
    TestProbe<LiveFeed> probe = subscribe(0, 1000);
    probe.expectMessage(new LiveFeed.Subscribed(0));
    StoredRecord r = records(1).get(0);
    kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(reply -> new LogPartitionEntity.AppendIdempotent(
        List.of(r, r), List.of("q", "q"), List.of(0L, 1L), RetentionPolicy.FOREVER, reply));
    kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(reply -> new LogPartitionEntity.AppendIdempotent(
        List.of(r, r), List.of("q", "q"), List.of(1L, 2L), RetentionPolicy.FOREVER, reply));
    kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(reply -> new LogPartitionEntity.Append(List.of(), RetentionPolicy.FOREVER, reply));
    append(1);
    assertEquals(List.of(0L, 2), shape(probe.receiveMessage()));
    assertEquals(List.of(2L, 1), shape(probe.receiveMessage()), "the replayed sequence 1 is not published again");
    assertEquals(List.of(3L, 1), shape(probe.receiveMessage()), "the empty append published nothing");
  }


  private static List<Object> shape(LiveFeed feed) {
    LiveFeed.LiveBatch b = (LiveFeed.LiveBatch) feed;
    return List.of(b.firstOffset(), b.records().size());
  }

  @Test
  void aSubscriberAtItsWindowIsSkippedUntilItAcknowledges() {
    TestProbe<LiveFeed> probe = subscribe(0, 5);
    probe.expectMessage(new LiveFeed.Subscribed(0));
    append(3); // outstanding 0 -> sent
    append(3); // outstanding 3 < 5 -> sent
    append(3); // outstanding 6 >= 5 -> skipped
    assertEquals(List.of(0L, 3), shape(probe.receiveMessage()));
    assertEquals(List.of(3L, 3), shape(probe.receiveMessage()));
    resubscribe(probe.ref(), 6, 5);
    assertEquals(new LiveFeed.Subscribed(9), probe.receiveMessage(), "the heartbeat reveals the skipped batch");
    append(2);
    assertEquals(List.of(9L, 2), shape(probe.receiveMessage()), "the feed resumes after the acknowledgement");
  }

  @Test
  void aBatchLargerThanTheWindowStillReachesACaughtUpSubscriber() {
    TestProbe<LiveFeed> probe = subscribe(0, 2);
    probe.expectMessage(new LiveFeed.Subscribed(0));
    append(7);
    assertEquals(List.of(0L, 7), shape(probe.receiveMessage()));
  }

  @Test
  void stoppedSubscribersAreDroppedAndEveryOtherStillFed() {
    TestProbe<LiveFeed> leaving = subscribe(0, 1000);
    TestProbe<LiveFeed> staying = subscribe(0, 1000);
    assertEquals(2, subscriberCount());
    leaving.stop();
    // The watch notification reaches the entity asynchronously: wait for its effect, not for time.
    staying.awaitAssert(() -> {
      assertEquals(1, subscriberCount());
      return null;
    });
    append(1);
    staying.expectMessage(new LiveFeed.Subscribed(0));
    assertEquals(List.of(0L, 1), shape(staying.receiveMessage()));
  }

  @Test
  void unsubscribedAndLapsedSubscribersGetNothing() {
    TestProbe<LiveFeed> unsubscribed = subscribe(0, 1000);
    unsubscribed.expectMessage(new LiveFeed.Subscribed(0));
    kit.runCommand(new LogPartitionEntity.Unsubscribe(unsubscribed.ref()));
    TestProbe<LiveFeed> silent = subscribe(0, 1000);
    silent.expectMessage(new LiveFeed.Subscribed(0));
    assertEquals(1, subscriberCount());
    clock.advance(Duration.ofMillis(LEASE + 1));
    assertEquals(0, subscriberCount(), "no heartbeat within the lease");
    append(1);
    unsubscribed.expectNoMessage(Duration.ofMillis(200));
    silent.expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void subscriptionsAreNotJournaledSoARestartedPartitionWaitsForTheNextHeartbeat() {
    TestProbe<LiveFeed> probe = subscribe(0, 1000);
    probe.expectMessage(new LiveFeed.Subscribed(0));
    append(2);
    assertEquals(List.of(0L, 2), shape(probe.receiveMessage()));
    kit.restart();
    assertEquals(0, subscriberCount());
    append(1);
    resubscribe(probe.ref(), 2, 1000);
    assertEquals(new LiveFeed.Subscribed(3), probe.receiveMessage(), "the missed batch shows in the next offset");
    append(1);
    assertEquals(List.of(3L, 1), shape(probe.receiveMessage()));
  }

  @Test
  void appendsRetentionAndSnapshotsBehaveAsWithoutSubscribers() {
    TestProbe<LiveFeed> probe = subscribe(0, 1_000_000);
    probe.expectMessage(new LiveFeed.Subscribed(0));
    RetentionPolicy keep3 = RetentionPolicy.parse(3);
    List<Long> firstOffsets = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      firstOffsets.add(kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(
          r -> new LogPartitionEntity.Append(records(2), keep3, r)).reply().getValue().firstOffset());
    }
    assertEquals(List.of(0L, 2L, 4L, 6L), firstOffsets);
    PartitionState state = kit.getState();
    assertEquals(4, state.startOffset(), "the first closed segment expired as before");
    for (long first : firstOffsets) assertEquals(List.of(first, 2), shape(probe.receiveMessage()));
    kit.restart();
    assertEquals(state, kit.getState(), "recovery rebuilds the same state");
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

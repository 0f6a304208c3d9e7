package io.streamsql.persistence.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogPartitionEntityTest {
  private static final LogPartitionEntity.Settings SETTINGS = new LogPartitionEntity.Settings(4, 1 << 20, 100);

  private final ActorTestKit testKit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private final List<Long> deletions = new ArrayList<>();
  private final MutableClock clock = new MutableClock();
  private EventSourcedBehaviorTestKit<LogPartitionEntity.Command, LogPartitionEntity.Event, PartitionState> kit;

  @BeforeEach
  void fresh() {
    deletions.clear();
    kit = EventSourcedBehaviorTestKit.create(
        testKit.system(),
        LogPartitionEntity.create("s:inc:0", SETTINGS, clock, (pid, seqNr) -> deletions.add(seqNr)));
    kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private CommandResultWithReply<LogPartitionEntity.Command, LogPartitionEntity.Event, PartitionState, StatusReply<LogPartitionEntity.Appended>>
      append(int count, RetentionPolicy retention) {
    List<StoredRecord> records = IntStream.range(0, count)
        .mapToObj(i -> new StoredRecord(null, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8), clock.millis(), Map.of()))
        .toList();
    return kit.runCommand(replyTo -> new LogPartitionEntity.Append(records, retention, replyTo));
  }

  private CommandResultWithReply<LogPartitionEntity.Command, LogPartitionEntity.Event, PartitionState, StatusReply<LogPartitionEntity.Appended>>
      appendFrom(String producer, long... sequences) {
    List<StoredRecord> records = new ArrayList<>();
    List<String> producers = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    for (long seq : sequences) {
      records.add(new StoredRecord(null, ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8), clock.millis(), Map.of()));
      producers.add(producer);
      seqs.add(seq);
    }
    return kit.runCommand(replyTo -> new LogPartitionEntity.AppendIdempotent(records, producers, seqs, RetentionPolicy.FOREVER, replyTo));
  }

  @Test
  void idempotentAppendsDropWhatAProducerAlreadyAppendedAcrossRestarts() {
    assertEquals(3, appendFrom("q1/0", 0, 1, 2).reply().getValue().count());
    // A replay after a crash overlaps what was appended: only sequences above 2 are new.
    var replay = appendFrom("q1/0", 1, 2, 3, 4);
    assertEquals(2, replay.reply().getValue().count());
    assertEquals(3, replay.reply().getValue().firstOffset());
    // Another producer has its own sequence.
    assertEquals(1, appendFrom("q1/1", 0).reply().getValue().count());
    kit.restart();
    var afterRestart = appendFrom("q1/0", 4, 5);
    assertEquals(1, afterRestart.reply().getValue().count());
    assertEquals(7, afterRestart.state().nextOffset());
    assertEquals(5L, afterRestart.state().producerSeq("q1/0"));
    assertEquals(0, appendFrom("q1/0", 2).reply().getValue().count());
  }

  private CommandResultWithReply<LogPartitionEntity.Command, LogPartitionEntity.Event, PartitionState, StatusReply<LogPartitionEntity.Appended>>
      appendMarked(String writer, long seq, int count) {
    List<StoredRecord> records = IntStream.range(0, count)
        .mapToObj(i -> new StoredRecord(null, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8), clock.millis(), Map.of()))
        .toList();
    return kit.runCommand(replyTo -> new LogPartitionEntity.Append(
        records, RetentionPolicy.FOREVER, new LogPartitionEntity.WriterMark(writer, seq), replyTo));
  }

  @Test
  void aRetriedMarkedBatchGetsTheFirstOffsetsAndIsNotJournaledAgainEvenAfterARestart() {
    assertEquals(0, appendMarked("node-a", 1, 2).reply().getValue().firstOffset());
    append(3, RetentionPolicy.FOREVER);
    var first = appendMarked("node-a", 2, 4);
    assertEquals(5, first.reply().getValue().firstOffset());

    var retry = appendMarked("node-a", 2, 4);
    assertTrue(retry.events().isEmpty());
    assertEquals(new LogPartitionEntity.Appended(5, 4), retry.reply().getValue());
    assertEquals(9, retry.state().nextOffset());

    kit.restart();
    var retryAfterRestart = appendMarked("node-a", 2, 4);
    assertTrue(retryAfterRestart.events().isEmpty());
    assertEquals(new LogPartitionEntity.Appended(5, 4), retryAfterRestart.reply().getValue());
    // Another writer's marks are its own; the next batch of node-a is appended.
    assertEquals(9, appendMarked("node-b", 2, 1).reply().getValue().firstOffset());
    assertEquals(10, appendMarked("node-a", 3, 1).reply().getValue().firstOffset());
  }

  @Test
  void aRetryOfABatchOlderThanTheWritersLastIsRefusedNotAppended() {
    appendMarked("node-a", 1, 1);
    appendMarked("node-a", 2, 1);
    var stale = appendMarked("node-a", 1, 1);
    assertTrue(stale.events().isEmpty());
    assertTrue(stale.reply().isError());
    assertEquals(2, stale.state().nextOffset());
  }

  @Test
  void aPartitionRemembersOnlyTheMostRecentWriters() {
    for (int w = 0; w <= PartitionState.MAX_WRITERS; w++) appendMarked("node-" + w, 1, 1);
    PartitionState state = kit.getState();
    assertEquals(PartitionState.MAX_WRITERS, state.writers().size());
    assertEquals(null, state.lastWrite("node-0"));
    assertEquals(new PartitionState.LastWrite(1, PartitionState.MAX_WRITERS, 1, PartitionState.MAX_WRITERS + 1),
        state.lastWrite("node-" + PartitionState.MAX_WRITERS));
  }

  @Test
  void appendsGetDenseOffsetsAndOneEventPerBatch() {
    var first = append(2, RetentionPolicy.FOREVER);
    var second = append(3, RetentionPolicy.FOREVER);
    assertEquals(0, first.reply().getValue().firstOffset());
    assertEquals(2, second.reply().getValue().firstOffset());
    assertEquals(3, second.reply().getValue().count());
    var event = assertInstanceOf(LogPartitionEntity.BatchAppended.class, second.event());
    assertEquals(3, event.records().size());
    assertEquals(5, second.state().nextOffset());
    assertEquals(0, second.state().startOffset());
  }

  @Test
  void segmentsCloseAtTheConfiguredSizeAndRecordTheirSequenceNumbers() {
    append(2, RetentionPolicy.FOREVER);
    append(2, RetentionPolicy.FOREVER);
    PartitionState state = append(2, RetentionPolicy.FOREVER).state();
    assertEquals(2, state.segments().size());
    assertEquals(new Segment(1, 2, 0, 4, state.segments().get(0).bytes(), clock.millis(), clock.millis()), state.segments().get(0));
    assertEquals(3, state.segments().get(1).fromSeqNr());
    assertEquals(4, state.segments().get(1).firstOffset());
    assertEquals(3, state.seqNrForOffset(5));
    assertEquals(1, state.seqNrForOffset(3));
  }

  @Test
  void countRetentionDeletesOnlyWholeSegmentsBeyondTheLimit() {
    RetentionPolicy keep3 = RetentionPolicy.parse(3);
    append(2, keep3);
    append(2, keep3); // segment 1 closed: offsets 0..3
    append(2, keep3); // 6 retained, dropping segment 1 would leave 2 < 3
    assertTrue(deletions.isEmpty());
    var result = append(2, keep3); // segment 2 closed: offsets 4..7; dropping segment 1 leaves 4 >= 3
    var deleted = assertInstanceOf(LogPartitionEntity.SegmentsDeleted.class, result.events().get(1));
    assertEquals(2, deleted.deletedToSeqNr());
    assertEquals(4, deleted.newStartOffset());
    assertEquals(List.of(2L), deletions);
    assertEquals(4, result.state().startOffset());
    assertEquals(8, result.state().nextOffset());
    assertEquals(1, result.state().segments().size());
  }

  @Test
  void sizeRetentionKeepsAtLeastTheConfiguredBytes() {
    append(4, RetentionPolicy.FOREVER);
    long segmentBytes = kit.getState().retainedBytes();
    RetentionPolicy keep = new RetentionPolicy.MaxBytes(segmentBytes + 1);
    append(4, keep); // two closed segments; dropping one would leave segmentBytes < limit
    assertTrue(deletions.isEmpty());
    var result = append(4, keep); // three segments; dropping the oldest leaves 2 * segmentBytes >= limit
    assertEquals(List.of(1L), deletions);
    assertEquals(4, result.state().startOffset());
    assertTrue(result.state().retainedBytes() >= segmentBytes + 1);
  }

  @Test
  void timeRetentionDropsSegmentsOlderThanTheAgeOnly() {
    RetentionPolicy oneHour = RetentionPolicy.parse("1h");
    append(4, oneHour); // closed segment, stamped now
    clock.advance(Duration.ofMinutes(30));
    append(1, oneHour);
    clock.advance(Duration.ofMinutes(45)); // first segment is 75 minutes old, second 45
    var result = kit.<StatusReply<PartitionState>>runCommand(replyTo -> new LogPartitionEntity.EnforceRetention(oneHour, replyTo));
    PartitionState state = result.reply().getValue();
    assertEquals(4, state.startOffset());
    assertEquals(5, state.nextOffset());
    assertEquals(List.of(1L), deletions);
  }

  @Test
  void stateSurvivesRestart() {
    append(3, RetentionPolicy.FOREVER);
    append(3, RetentionPolicy.FOREVER);
    PartitionState before = append(1, RetentionPolicy.FOREVER).state();
    kit.restart();
    PartitionState after = kit.getState();
    assertEquals(before, after);
    assertEquals(7, append(1, RetentionPolicy.FOREVER).reply().getValue().firstOffset());
  }

  /** A clock the test moves by hand. */
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

package io.streamsql.persistence.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.core.log.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The journal write listener hears of every persisted batch, with its record count and a duration. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogPartitionJournalWritesTest {
  private final ActorTestKit testKit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private record Write(int records, long nanos) {}

  @Test
  void everyPersistedAppendIsReportedOnceWithItsRecordCount() {
    List<Write> writes = new CopyOnWriteArrayList<>();
    EventSourcedBehaviorTestKit<LogPartitionEntity.Command, LogPartitionEntity.Event, PartitionState> kit =
        EventSourcedBehaviorTestKit.create(testKit.system(), LogPartitionEntity.create(
            "w:inc:0", new LogPartitionEntity.Settings(100, 1 << 20, 100), Clock.systemUTC(), (pid, seqNr) -> {},
            (records, nanos) -> writes.add(new Write(records, nanos))));
    for (int count : new int[] {3, 5}) {
      List<StoredRecord> records = IntStream.range(0, count)
          .mapToObj(i -> new StoredRecord(null, "{}".getBytes(StandardCharsets.UTF_8), 0L, Map.of())).toList();
      kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(r -> new LogPartitionEntity.Append(records, RetentionPolicy.FOREVER, r));
    }
    // An empty append persists nothing and is not a journal write.
    kit.<StatusReply<LogPartitionEntity.Appended>>runCommand(r -> new LogPartitionEntity.Append(List.of(), RetentionPolicy.FOREVER, r));

    assertEquals(List.of(3, 5), writes.stream().map(Write::records).toList());
    assertTrue(writes.stream().allMatch(w -> w.nanos() >= 0));
  }
}

package io.streamsql.persistence.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSourcePartitionEntityTest {
  private static final KafkaSourceSpec SPEC =
      new KafkaSourceSpec("c", "inc1", "s", "t", 2, "h:9092", "json", "kafka", List.of(), Map.of());

  private final ActorTestKit testKit = ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  /** The offsets the consumer was started from, in order, and how many times it was stopped. */
  private final List<Long> starts = new CopyOnWriteArrayList<>();
  private final AtomicInteger stops = new AtomicInteger();
  private EventSourcedBehaviorTestKit<KafkaSourcePartitionEntity.Command, KafkaSourcePartitionEntity.Event, KafkaSourcePartitionEntity.State> kit;

  @BeforeEach
  void fresh() {
    starts.clear();
    stops.set(0);
    KafkaIngestion fake = (spec, from, entity) -> {
      starts.add(from);
      return stops::incrementAndGet;
    };
    kit = EventSourcedBehaviorTestKit.create(testKit.system(),
        KafkaSourcePartitionEntity.create(SPEC.entityId(), fake, Duration.ofMinutes(10), null));
    kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private KafkaSourcePartitionEntity.Status status() {
    return kit.<KafkaSourcePartitionEntity.Status>runCommand(KafkaSourcePartitionEntity.GetStatus::new).reply();
  }

  private void start(boolean paused) {
    kit.<Done>runCommand(r -> new KafkaSourcePartitionEntity.Start(SPEC, paused, r));
  }

  private void ingested(long next, long records, long errors, String lastError) {
    kit.<Done>runCommand(r -> new KafkaSourcePartitionEntity.Ingested(next, records, errors, lastError, r));
  }

  @Test
  void startJournalsTheSpecAndRunsTheConsumerFromOffsetZeroOnce() {
    var result = kit.<Done>runCommand(r -> new KafkaSourcePartitionEntity.Start(SPEC, false, r));
    assertEquals(new KafkaSourcePartitionEntity.Started(SPEC, false), result.event());
    start(false); // the keeper repeats it
    assertEquals(List.of(0L), starts);
    assertEquals("running", status().state());
  }

  @Test
  void afterARestartTheConsumerResumesFromTheJournaledOffset() {
    start(false);
    ingested(120, 118, 2, "bad at @7");
    ingested(250, 130, 0, null);
    kit.restart();
    assertEquals(List.of(0L, 250L), starts, "the recovered entity starts its consumer from the journaled offset");
    KafkaSourcePartitionEntity.Status s = status();
    assertEquals(250, s.nextOffset());
    assertEquals(248, s.records());
    assertEquals(2, s.errors());
    assertEquals("bad at @7", s.lastError());
  }

  @Test
  void aBatchBehindTheJournaledOffsetChangesNothing() {
    start(false);
    ingested(100, 100, 0, null);
    var stale = kit.<Done>runCommand(r -> new KafkaSourcePartitionEntity.Ingested(50, 50, 0, null, r));
    assertTrue(stale.events().isEmpty());
    assertEquals(100, status().nextOffset());
    assertEquals(100, status().records());
  }

  @Test
  void pauseStopsTheConsumerAndResumeStartsItWhereItStopped() {
    start(false);
    ingested(40, 40, 0, null);
    start(true);
    assertEquals(1, stops.get());
    assertEquals("paused", status().state());
    kit.restart();
    assertEquals(List.of(0L), starts, "a paused partition stays stopped after a restart");
    start(false);
    assertEquals(List.of(0L, 40L), starts);
    assertEquals("running", status().state());
  }

  @Test
  void aFailedConsumerIsReportedAndDeleteStopsItForGood() {
    start(false);
    kit.runCommand(new KafkaSourcePartitionEntity.RunnerStopped("broker gone"));
    KafkaSourcePartitionEntity.Status failed = status();
    assertEquals("failed", failed.state());
    assertEquals("broker gone", failed.runnerError());
    start(false);
    assertEquals(List.of(0L), starts, "the restart waits for its timer, not for the keeper");

    kit.<Done>runCommand(KafkaSourcePartitionEntity.Delete::new);
    assertEquals("deleted", status().state());
    kit.restart();
    start(false);
    assertEquals(List.of(0L), starts, "a deleted partition never runs again");
    assertNull(status().runnerError());
  }
}

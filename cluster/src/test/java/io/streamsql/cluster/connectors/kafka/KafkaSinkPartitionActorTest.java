package io.streamsql.cluster.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamsql.persistence.connector.KafkaSinkCatalogEntity.Sink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSinkPartitionActorTest {
  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Sink sink(boolean paused) {
    return new Sink("s", "i1", "orders", 2, "h:9092", "out", "earliest", Map.of(), paused, 1L);
  }

  /** Counts starts and stops, and keeps each run's onStopped so a test can fail the exporter. */
  private static final class FakeExporter implements KafkaSinkPartitionActor.Exporter {
    final List<Consumer<String>> runs = new CopyOnWriteArrayList<>();
    final AtomicInteger stops = new AtomicInteger();

    @Override
    public Runnable run(Sink sink, int partition, KafkaSinkExporter.Progress progress, Consumer<String> onStopped) {
      runs.add(onStopped);
      return stops::incrementAndGet;
    }
  }

  private KafkaSinkPartitionActor.Status status(ActorRef<KafkaSinkPartitionActor.Command> actor) {
    TestProbe<KafkaSinkPartitionActor.Status> probe = testKit.createTestProbe();
    actor.tell(new KafkaSinkPartitionActor.GetStatus(probe.getRef()));
    return probe.receiveMessage();
  }

  private void ensure(ActorRef<KafkaSinkPartitionActor.Command> actor, boolean paused) {
    TestProbe<Done> probe = testKit.createTestProbe();
    actor.tell(new KafkaSinkPartitionActor.Ensure(sink(paused), 1, probe.getRef()));
    probe.receiveMessage();
  }

  @Test
  void ensureStartsOneExporterAndPauseStopsIt() {
    FakeExporter fake = new FakeExporter();
    var actor = testKit.spawn(KafkaSinkPartitionActor.create(fake, Duration.ofMinutes(5)));
    ensure(actor, false);
    ensure(actor, false); // the keeper repeats it
    assertEquals(1, fake.runs.size());
    assertEquals("running", status(actor).state());
    ensure(actor, true);
    assertEquals(1, fake.stops.get());
    assertEquals("paused", status(actor).state());
    ensure(actor, false);
    assertEquals(2, fake.runs.size());
  }

  @Test
  void aFailedExporterIsReportedAndStartedAgainAfterTheDelay() {
    FakeExporter fake = new FakeExporter();
    var actor = testKit.spawn(KafkaSinkPartitionActor.create(fake, Duration.ofMillis(200)));
    ensure(actor, false);
    fake.runs.get(0).accept("fenced");
    TestProbe<KafkaSinkPartitionActor.Status> probe = testKit.createTestProbe();
    probe.awaitAssert(() -> {
      actor.tell(new KafkaSinkPartitionActor.GetStatus(probe.getRef()));
      KafkaSinkPartitionActor.Status s = probe.receiveMessage();
      assertEquals("failed", s.state());
      assertEquals("fenced", s.error());
      return null;
    });
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertEquals(2, fake.runs.size(), "started again after restart-delay");
      return null;
    });
  }

  @Test
  void stopEndsTheExporterForGood() {
    FakeExporter fake = new FakeExporter();
    var actor = testKit.spawn(KafkaSinkPartitionActor.create(fake, Duration.ofMinutes(5)));
    ensure(actor, false);
    TestProbe<Done> probe = testKit.createTestProbe();
    actor.tell(new KafkaSinkPartitionActor.Stop(probe.getRef()));
    probe.receiveMessage();
    assertEquals(1, fake.stops.get());
    ensure(actor, false);
    assertEquals(1, fake.runs.size(), "a deleted sink's partition never starts again");
    assertEquals("deleted", status(actor).state());
  }
}

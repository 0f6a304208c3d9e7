package io.streamsql.cluster.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.testkit.javadsl.TestEntityRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionAppenderTest {
  private final ActorTestKit testKit = ActorTestKit.create();
  private static final LogPartitionEntity.WriterMark MARK = new LogPartitionEntity.WriterMark("queue-1", 7);
  private final List<StoredRecord> batch =
      List.of(new StoredRecord("k", "{}".getBytes(StandardCharsets.UTF_8), 1L, Map.of()));

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private CompletableFuture<StatusReply<LogPartitionEntity.Appended>> append(
      PartitionAppender appender, TestProbe<LogPartitionEntity.Command> partition) {
    return appender.append(TestEntityRef.of(LogPartitionEntity.TYPE_KEY, "s:i:0", partition.ref()), batch, RetentionPolicy.FOREVER,
        MARK).toCompletableFuture();
  }

  @Test
  void aBatchLostOnTheWayIsSentAgainUnderTheSameMarkAndItsAnswerCompletesTheAppend() throws Exception {
    PartitionAppender appender = new PartitionAppender(Duration.ofMillis(200), Duration.ofSeconds(30));
    TestProbe<LogPartitionEntity.Command> partition = testKit.createTestProbe();
    var result = append(appender, partition);

    var lost = partition.expectMessageClass(LogPartitionEntity.Append.class);
    var retry = partition.expectMessageClass(LogPartitionEntity.Append.class);
    assertEquals(MARK, lost.mark());
    assertEquals(MARK, retry.mark());
    assertEquals(batch, retry.records());
    retry.replyTo().tell(StatusReply.success(new LogPartitionEntity.Appended(7, 1)));

    assertEquals(new LogPartitionEntity.Appended(7, 1), result.get(10, TimeUnit.SECONDS).getValue());
  }

  @Test
  void aPartitionThatNeverAnswersFailsTheAppendWithATimeoutOnceTheDeadlinePassed() {
    PartitionAppender appender = new PartitionAppender(Duration.ofMillis(100), Duration.ofMillis(450));
    TestProbe<LogPartitionEntity.Command> partition = testKit.createTestProbe();
    long started = System.nanoTime();
    var result = append(appender, partition);

    var failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, failure.getCause());
    assertTrue(System.nanoTime() - started >= Duration.ofMillis(450).toNanos(), "gave up before the deadline");
    var attempts = partition.receiveSeveralMessages(2, Duration.ofSeconds(5));
    assertEquals(((LogPartitionEntity.Append) attempts.get(0)).mark(), ((LogPartitionEntity.Append) attempts.get(1)).mark());
  }

  @Test
  void anErrorAnswerIsNotRetried() throws Exception {
    PartitionAppender appender = new PartitionAppender(Duration.ofMillis(200), Duration.ofSeconds(30));
    TestProbe<LogPartitionEntity.Command> partition = testKit.createTestProbe();
    var result = append(appender, partition);
    partition.expectMessageClass(LogPartitionEntity.Append.class).replyTo().tell(StatusReply.error("refused"));
    assertTrue(result.get(10, TimeUnit.SECONDS).isError());
    partition.expectNoMessage(Duration.ofMillis(400));
  }
}

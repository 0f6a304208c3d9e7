package io.streamsql.cluster.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;

class PartitionWriteQueueTest {
  private record Sent(List<StoredRecord> records, LogPartitionEntity.WriterMark mark,
      CompletableFuture<StatusReply<LogPartitionEntity.Appended>> reply) {}

  private final List<Sent> sent = new ArrayList<>();

  private final java.util.concurrent.atomic.AtomicLong marks = new java.util.concurrent.atomic.AtomicLong();

  private CompletableFuture<StatusReply<LogPartitionEntity.Appended>> send(
      List<StoredRecord> records, LogPartitionEntity.WriterMark mark) {
    Sent s = new Sent(records, mark, new CompletableFuture<>());
    synchronized (sent) {
      sent.add(s);
    }
    return s.reply();
  }

  private PartitionWriteQueue queue() {
    return new PartitionWriteQueue(this::send, () -> new LogPartitionEntity.WriterMark("node-a", marks.incrementAndGet()),
        1000, 1 << 20, () -> {});
  }

  private static List<StoredRecord> records(int n) {
    List<StoredRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(new StoredRecord(null, "{}".getBytes(StandardCharsets.UTF_8), 1L, Map.of()));
    return out;
  }

  @Test
  void oneBatchIsInFlightAndEachBatchOfAQueueCarriesTheNextMarkOfItsOwnWriter() throws Exception {
    PartitionWriteQueue queue = queue();
    var first = queue.append(records(2)).toCompletableFuture();
    var second = queue.append(records(1)).toCompletableFuture();
    var third = queue.append(records(3)).toCompletableFuture();
    assertEquals(1, sent.size(), "later appends wait while one batch is in flight");
    sent.get(0).reply().complete(StatusReply.success(new LogPartitionEntity.Appended(10, 2)));
    assertEquals(new LogPartitionEntity.Appended(10, 2), first.get(5, TimeUnit.SECONDS));

    assertEquals(2, sent.size(), "the waiting appends went together as the next batch");
    assertEquals(4, sent.get(1).records().size());
    sent.get(1).reply().complete(StatusReply.success(new LogPartitionEntity.Appended(12, 4)));
    assertEquals(new LogPartitionEntity.Appended(12, 1), second.get(5, TimeUnit.SECONDS));
    assertEquals(new LogPartitionEntity.Appended(13, 3), third.get(5, TimeUnit.SECONDS));

    assertEquals(sent.get(0).mark().writer(), sent.get(1).mark().writer());
    assertTrue(sent.get(1).mark().seq() > sent.get(0).mark().seq());
    assertTrue(queue.isIdle());
  }

  @Test
  void aQueueIsRetiredOnlyWhenIdleAndThenTakesNoAppends() {
    PartitionWriteQueue queue = queue();
    queue.append(records(1));
    assertFalse(queue.retireIfIdle(), "a batch is in flight");
    sent.get(0).reply().complete(StatusReply.success(new LogPartitionEntity.Appended(0, 1)));
    assertTrue(queue.retireIfIdle());
    assertNull(queue.append(records(1)));
    assertEquals(1, sent.size());
  }

  @Test
  void aPartitionsNextQueueContinuesTheMarksOfTheNodesWriter() throws Exception {
    WriteQueues queues = new WriteQueues(io.streamsql.cluster.StreamSqlSettings.from(com.typesafe.config.ConfigFactory.load()));
    var first = queues.append("s:i:0", this::send, records(1)).toCompletableFuture();
    sent.get(0).reply().complete(StatusReply.success(new LogPartitionEntity.Appended(0, 1)));
    first.get(5, TimeUnit.SECONDS);
    // The idle queue was retired and left; the next append makes a new one.
    var second = queues.append("s:i:0", this::send, records(1)).toCompletableFuture();
    sent.get(1).reply().complete(StatusReply.success(new LogPartitionEntity.Appended(1, 1)));
    assertEquals(new LogPartitionEntity.Appended(1, 1), second.get(5, TimeUnit.SECONDS));
    assertEquals(sent.get(0).mark().writer(), sent.get(1).mark().writer());
    assertTrue(sent.get(1).mark().seq() > sent.get(0).mark().seq());
  }
}

package io.streamsql.cluster.streams;

import io.streamsql.cluster.StreamSqlSettings;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.apache.pekko.pattern.StatusReply;

/**
 * This node's group-commit queues ({@link PartitionWriteQueue}), one per partition entity that
 * is being written (stream and table partitions alike). Idle queues are retired and leave the map,
 * so deleted streams and tables leave nothing behind; a new one is made on demand. All queues of
 * the node are one writer: their batches carry this node process's id and a batch number from one
 * counter, and a partition's next queue only exists once its previous one was retired, so each
 * partition gets this writer's marks in order however often its queue is replaced.
 */
public final class WriteQueues {
  private final ConcurrentHashMap<String, PartitionWriteQueue> queues = new ConcurrentHashMap<>();
  private final StreamSqlSettings settings;
  private final String writer = UUID.randomUUID().toString();
  private final AtomicLong batches = new AtomicLong();

  public WriteQueues(StreamSqlSettings settings) {
    this.settings = settings;
  }

  /**
   * Appends records through the queue of one partition entity: completes with their offsets
   * once they are persisted.
   *
   * @param send asks the entity to persist a batch as one journal event, under the mark where the
   *     entity takes one (used only when the queue is made)
   */
  public CompletionStage<LogPartitionEntity.Appended> append(
      String entityId,
      BiFunction<List<StoredRecord>, LogPartitionEntity.WriterMark, CompletionStage<StatusReply<LogPartitionEntity.Appended>>> send,
      List<StoredRecord> records) {
    while (true) {
      CompletionStage<LogPartitionEntity.Appended> appended = queue(entityId, send).append(records);
      if (appended != null) return appended;
      // The queue was retired between the lookup and the append; it has left the map.
    }
  }

  private PartitionWriteQueue queue(
      String entityId,
      BiFunction<List<StoredRecord>, LogPartitionEntity.WriterMark, CompletionStage<StatusReply<LogPartitionEntity.Appended>>> send) {
    PartitionWriteQueue existing = queues.get(entityId);
    if (existing != null) return existing;
    return queues.computeIfAbsent(entityId, key -> {
      PartitionWriteQueue[] self = new PartitionWriteQueue[1];
      self[0] = new PartitionWriteQueue(send, () -> new LogPartitionEntity.WriterMark(writer, batches.incrementAndGet()),
          settings.appendMaxWriteRecords(), settings.appendMaxWriteBytes(),
          () -> queues.computeIfPresent(key, (k, q) -> q == self[0] && q.retireIfIdle() ? null : q));
      return self[0];
    });
  }
}

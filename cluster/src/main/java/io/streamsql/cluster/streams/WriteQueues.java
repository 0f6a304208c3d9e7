package io.streamsql.cluster.streams;

import io.streamsql.cluster.StreamSqlSettings;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.apache.pekko.pattern.StatusReply;

/**
 * This node's group-commit queues ({@link PartitionWriteQueue}), one per partition entity that
 * is being written (stream and table partitions alike). Idle queues leave the map, so deleted
 * streams and tables leave nothing behind; a new one is made on demand.
 */
public final class WriteQueues {
  private final ConcurrentHashMap<String, PartitionWriteQueue> queues = new ConcurrentHashMap<>();
  private final StreamSqlSettings settings;

  public WriteQueues(StreamSqlSettings settings) {
    this.settings = settings;
  }

  /**
   * The queue of one partition entity.
   *
   * @param send asks the entity to persist a batch as one journal event, under the queue's mark
   *     where the entity takes one (used only when the queue is made)
   */
  public PartitionWriteQueue queue(
      String entityId,
      BiFunction<List<StoredRecord>, LogPartitionEntity.WriterMark, CompletionStage<StatusReply<LogPartitionEntity.Appended>>> send) {
    PartitionWriteQueue existing = queues.get(entityId);
    if (existing != null) return existing;
    return queues.computeIfAbsent(entityId, key -> {
      PartitionWriteQueue[] self = new PartitionWriteQueue[1];
      self[0] = new PartitionWriteQueue(send, settings.appendMaxWriteRecords(), settings.appendMaxWriteBytes(),
          () -> queues.computeIfPresent(key, (k, q) -> q == self[0] && q.isIdle() ? null : q));
      return self[0];
    });
  }
}

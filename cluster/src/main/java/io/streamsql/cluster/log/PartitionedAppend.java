package io.streamsql.cluster.log;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.Partitioner;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Splits records by partition, stamps the ones without a timestamp with the current time, and
 * appends every partition's share at once; the result is complete when every share is.
 */
public final class PartitionedAppend {
  private PartitionedAppend() {}

  /**
   * @param appendShare persists the records of one partition, in order; completes with their
   *     first offset
   */
  public static CompletionStage<Map<Integer, LogPartitionEntity.Appended>> append(
      int partitions, List<LogRecord> records,
      BiFunction<Integer, List<StoredRecord>, CompletionStage<LogPartitionEntity.Appended>> appendShare) {
    long now = System.currentTimeMillis();
    @SuppressWarnings("unchecked")
    List<StoredRecord>[] byPartition = new List[partitions];
    for (LogRecord r : records) {
      int p;
      if (r.partition() != null) {
        p = r.partition();
        if (p < 0 || p >= partitions) {
          throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
              "Partition " + p + " does not exist; the log has partitions 0 to " + (partitions - 1), Map.of("partition", p));
        }
      } else {
        p = Partitioner.partitionFor(r.keyJson(), r.keyJson() == null ? Partitioner.nextKeylessSpread() : 0, partitions);
      }
      if (byPartition[p] == null) byPartition[p] = new ArrayList<>();
      byPartition[p].add(new StoredRecord(r.keyJson(), r.valueJson(), r.timestamp() == null ? now : r.timestamp(), r.headers()));
    }
    List<Integer> used = new ArrayList<>();
    List<CompletableFuture<LogPartitionEntity.Appended>> shares = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      if (byPartition[p] == null) continue;
      used.add(p);
      shares.add(appendShare.apply(p, byPartition[p]).toCompletableFuture());
    }
    return CompletableFuture.allOf(shares.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<Integer, LogPartitionEntity.Appended> appended = new TreeMap<>();
      for (int i = 0; i < used.size(); i++) appended.put(used.get(i), shares.get(i).join());
      return appended;
    });
  }
}

package io.streamsql.cluster.streams;

import io.streamsql.cluster.EntityAsks;
import io.streamsql.cluster.StreamSqlSettings;
import io.streamsql.core.format.ParsedRecord;
import io.streamsql.core.log.Partitioner;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Appends an upload to a stream: groups records into batches (bounded by count, bytes and a
 * short delay), splits each batch by partition and hands every partition its share through the
 * partition's {@link PartitionWriteQueue}, which sends it (merged with concurrent uploads' shares)
 * as one {@link LogPartitionEntity.Append}, i.e. one journal event. A batch counts only once
 * every partition has confirmed it is persisted.
 */
public final class StreamAppender {
  private final StreamService streams;
  private final StreamSqlSettings settings;
  /** Spreads keyless records evenly over partitions, across requests. */
  private final AtomicLong roundRobin = new AtomicLong();
  private final ConcurrentHashMap<String, PartitionWriteQueue> queues = new ConcurrentHashMap<>();

  public StreamAppender(StreamService streams) {
    this.streams = streams;
    this.settings = streams.settings();
  }

  /** A sink that appends every record it receives and completes with what was persisted. */
  public Sink<UploadItem, CompletionStage<AppendSummary>> sink(StreamDefinition def) {
    return Flow.<UploadItem>create()
        .takeWhile(item -> item instanceof UploadItem.Record, true)
        .groupedWeightedWithin(
            settings.appendMaxBatchBytes(),
            settings.appendMaxBatchRecords(),
            item -> item instanceof UploadItem.Record r ? (long) r.record().valueJson().length : 0L,
            settings.appendMaxBatchDelay())
        .mapAsync(settings.appendParallelism(), group -> appendGroup(def, group))
        .toMat(Sink.fold(AppendSummary.empty(), StreamAppender::combine), Keep.right());
  }

  private static AppendSummary combine(AppendSummary acc, GroupResult group) {
    AppendSummary next = acc;
    for (var e : group.appended()) next = next.plus(e.first(), e.second().firstOffset(), e.second().count());
    return group.error() == null ? next : next.failedWith(group.error());
  }

  private record GroupResult(List<Pair<Integer, LogPartitionEntity.Appended>> appended, io.streamsql.core.error.StreamSqlException error) {}

  private PartitionWriteQueue queue(StreamDefinition def, int partition) {
    String id = def.partitionEntityId(partition);
    return queues.computeIfAbsent(id, key -> {
      PartitionWriteQueue[] self = new PartitionWriteQueue[1];
      self[0] = new PartitionWriteQueue(
          streams.partition(def, partition), def.retention(), settings.askTimeout(),
          settings.appendMaxWriteRecords(), settings.appendMaxWriteBytes(),
          // Idle queues leave the map so deleted streams leave nothing behind; a new one is made on demand.
          () -> queues.computeIfPresent(key, (k, q) -> q == self[0] && q.isIdle() ? null : q));
      return self[0];
    });
  }

  private CompletionStage<GroupResult> appendGroup(StreamDefinition def, List<UploadItem> group) {
    long now = System.currentTimeMillis();
    @SuppressWarnings("unchecked")
    List<StoredRecord>[] byPartition = new List[def.partitions()];
    io.streamsql.core.error.StreamSqlException error = null;
    for (UploadItem item : group) {
      if (item instanceof UploadItem.Failure f) {
        error = f.error();
        continue;
      }
      ParsedRecord r = ((UploadItem.Record) item).record();
      int p = r.keyJson() == null
          ? (int) Math.floorMod(roundRobin.getAndIncrement(), (long) def.partitions())
          : Partitioner.partitionForKey(r.keyJson(), def.partitions());
      if (byPartition[p] == null) byPartition[p] = new ArrayList<>();
      byPartition[p].add(new StoredRecord(r.keyJson(), r.valueJson(), now, Map.of()));
    }
    List<CompletableFuture<Pair<Integer, LogPartitionEntity.Appended>>> asks = new ArrayList<>();
    for (int p = 0; p < byPartition.length; p++) {
      if (byPartition[p] == null) continue;
      int partition = p;
      List<StoredRecord> records = byPartition[p];
      asks.add(queue(def, p).append(records)
          .thenApply(appended -> Pair.create(partition, appended))
          .toCompletableFuture());
    }
    io.streamsql.core.error.StreamSqlException inputError = error;
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
        .handle((ok, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Appending to stream '" + def.name() + "'");
          return new GroupResult(asks.stream().map(CompletableFuture::join).toList(), inputError);
        });
  }
}

package io.streamsql.cluster.streams;

import io.streamsql.cluster.EntityAsks;
import io.streamsql.cluster.StreamSqlSettings;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
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
import java.util.function.Function;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Appends an upload to a partitioned target: groups records into batches (bounded by count,
 * bytes and a short delay), splits each batch by partition and hands every partition its share
 * through the partition's {@link PartitionWriteQueue}, which sends it (merged with concurrent
 * uploads' shares) as one journal event. A batch counts only once every partition has confirmed
 * it is persisted.
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

  /** A sink that appends every record it receives to a stream. */
  public Sink<UploadItem, CompletionStage<AppendSummary>> sink(StreamDefinition def) {
    return sink(new AppendTarget() {
      public String describe() {
        return "stream '" + def.name() + "'";
      }

      public int partitions() {
        return def.partitions();
      }

      public String requiredKeyField() {
        return null;
      }

      public CompletionStage<LogPartitionEntity.Appended> append(int partition, List<StoredRecord> records) {
        var entity = streams.partition(def, partition);
        return queue(def.partitionEntityId(partition), batch -> entity.<StatusReply<LogPartitionEntity.Appended>>ask(
            r -> new LogPartitionEntity.Append(batch, def.retention(), r), settings.askTimeout())).append(records);
      }
    });
  }

  /** A sink that appends every record it receives to the target; completes with what was persisted. */
  public Sink<UploadItem, CompletionStage<AppendSummary>> sink(AppendTarget target) {
    return Flow.<UploadItem>create()
        .map(item -> requireKey(target, item))
        .takeWhile(item -> item instanceof UploadItem.Record, true)
        .groupedWeightedWithin(
            settings.appendMaxBatchBytes(),
            settings.appendMaxBatchRecords(),
            item -> item instanceof UploadItem.Record r && r.record().valueJson() != null ? (long) r.record().valueJson().length : 16L,
            settings.appendMaxBatchDelay())
        .mapAsync(settings.appendParallelism(), group -> appendGroup(target, group))
        .toMat(Sink.fold(AppendSummary.empty(), StreamAppender::combine), Keep.right());
  }

  /**
   * The group-commit queue of one partition entity on this node. Idle queues leave the map, so
   * deleted streams and tables leave nothing behind; a new one is made on demand.
   */
  public PartitionWriteQueue queue(
      String entityId, Function<List<StoredRecord>, CompletionStage<StatusReply<LogPartitionEntity.Appended>>> send) {
    return queues.computeIfAbsent(entityId, key -> {
      PartitionWriteQueue[] self = new PartitionWriteQueue[1];
      self[0] = new PartitionWriteQueue(send, settings.appendMaxWriteRecords(), settings.appendMaxWriteBytes(),
          () -> queues.computeIfPresent(key, (k, q) -> q == self[0] && q.isIdle() ? null : q));
      return self[0];
    });
  }

  private static UploadItem requireKey(AppendTarget target, UploadItem item) {
    if (target.requiredKeyField() != null && item instanceof UploadItem.Record r && r.record().keyJson() == null) {
      return new UploadItem.Failure(new StreamSqlException(
          ErrorCode.MALFORMED_RECORD,
          "The row at line " + r.record().line() + " has no primary key '" + target.requiredKeyField() + "' (or it is null)",
          Map.of("line", r.record().line(), "primary_key", target.requiredKeyField())));
    }
    return item;
  }

  private static AppendSummary combine(AppendSummary acc, GroupResult group) {
    AppendSummary next = acc;
    for (var e : group.appended()) next = next.plus(e.first(), e.second().firstOffset(), e.second().count());
    return group.error() == null ? next : next.failedWith(group.error());
  }

  private record GroupResult(List<Pair<Integer, LogPartitionEntity.Appended>> appended, StreamSqlException error) {}

  private CompletionStage<GroupResult> appendGroup(AppendTarget target, List<UploadItem> group) {
    long now = System.currentTimeMillis();
    @SuppressWarnings("unchecked")
    List<StoredRecord>[] byPartition = new List[target.partitions()];
    StreamSqlException error = null;
    for (UploadItem item : group) {
      if (item instanceof UploadItem.Failure f) {
        error = f.error();
        continue;
      }
      ParsedRecord r = ((UploadItem.Record) item).record();
      if (r.partition() != null && r.partition() >= target.partitions()) {
        error = new StreamSqlException(ErrorCode.MALFORMED_RECORD,
            "The record at line " + r.line() + " names partition " + r.partition() + " but " + target.describe()
                + " has partitions 0 to " + (target.partitions() - 1),
            Map.of("line", r.line(), "partition", r.partition()));
        break;
      }
      int p = r.partition() != null ? r.partition()
          : r.keyJson() == null
              ? (int) Math.floorMod(roundRobin.getAndIncrement(), (long) target.partitions())
              : Partitioner.partitionForKey(r.keyJson(), target.partitions());
      if (byPartition[p] == null) byPartition[p] = new ArrayList<>();
      byPartition[p].add(new StoredRecord(r.keyJson(), r.valueJson(), r.timestamp() == null ? now : r.timestamp(), Map.of()));
    }
    List<CompletableFuture<Pair<Integer, LogPartitionEntity.Appended>>> asks = new ArrayList<>();
    for (int p = 0; p < byPartition.length; p++) {
      if (byPartition[p] == null) continue;
      int partition = p;
      asks.add(target.append(p, byPartition[p]).thenApply(appended -> Pair.create(partition, appended)).toCompletableFuture());
    }
    StreamSqlException inputError = error;
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
        .handle((ok, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Appending to " + target.describe());
          return new GroupResult(asks.stream().map(CompletableFuture::join).toList(), inputError);
        });
  }
}

package io.streamsql.cluster.streams;

import io.streamsql.cluster.EntityAsks;
import io.streamsql.cluster.StreamSqlSettings;
import io.streamsql.cluster.log.LogRecord;
import io.streamsql.cluster.log.LogWriter;
import io.streamsql.cluster.log.PartitionedAppend;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.ParsedRecord;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Appends an upload: checks each record against its target, groups records into batches
 * (bounded by count, bytes and a short delay) and writes each batch — to a stream's log through
 * the {@link LogWriter}, to a table through its {@link AppendTarget}. Up to
 * {@code append.parallelism} batches are in flight; a batch counts only once every partition has
 * confirmed it is persisted.
 */
public final class StreamAppender {
  private final LogWriter logs;
  private final StreamSqlSettings settings;

  public StreamAppender(LogWriter logs, StreamSqlSettings settings) {
    this.logs = logs;
    this.settings = settings;
  }

  /** A sink that appends every record it receives to a stream's log. */
  public Sink<UploadItem, CompletionStage<AppendSummary>> sink(StreamDefinition def) {
    return sink("stream '" + def.name() + "'", def.partitions(), null, batch -> logs.append(def.name(), batch));
  }

  /** A sink that appends every record it receives to the target; completes with what was persisted. */
  public Sink<UploadItem, CompletionStage<AppendSummary>> sink(AppendTarget target) {
    return sink(target.describe(), target.partitions(), target.requiredKeyField(),
        batch -> PartitionedAppend.append(target.partitions(), batch, target::append)
            .handle((appended, failure) -> {
              if (failure != null) throw EntityAsks.translate(failure, "Appending to " + target.describe());
              return appended;
            }));
  }

  private Sink<UploadItem, CompletionStage<AppendSummary>> sink(
      String describe, int partitions, String requiredKeyField,
      Function<List<LogRecord>, CompletionStage<Map<Integer, LogPartitionEntity.Appended>>> write) {
    return Flow.<UploadItem>create()
        .map(item -> check(item, describe, partitions, requiredKeyField))
        .takeWhile(item -> item instanceof UploadItem.Record, true)
        .groupedWeightedWithin(
            settings.appendMaxBatchBytes(),
            settings.appendMaxBatchRecords(),
            item -> item instanceof UploadItem.Record r && r.record().valueJson() != null ? (long) r.record().valueJson().length : 16L,
            settings.appendMaxBatchDelay())
        .mapAsync(settings.appendParallelism(), group -> appendGroup(group, write))
        .toMat(Sink.fold(AppendSummary.empty(), StreamAppender::combine), Keep.right());
  }

  /** The record, or the error that ends the upload at it. */
  private static UploadItem check(UploadItem item, String describe, int partitions, String requiredKeyField) {
    if (!(item instanceof UploadItem.Record r)) return item;
    ParsedRecord record = r.record();
    if (requiredKeyField != null && record.keyJson() == null) {
      return new UploadItem.Failure(new StreamSqlException(
          ErrorCode.MALFORMED_RECORD,
          "The row at line " + record.line() + " has no primary key '" + requiredKeyField + "' (or it is null)",
          Map.of("line", record.line(), "primary_key", requiredKeyField)));
    }
    if (record.partition() != null && record.partition() >= partitions) {
      return new UploadItem.Failure(new StreamSqlException(ErrorCode.MALFORMED_RECORD,
          "The record at line " + record.line() + " names partition " + record.partition() + " but " + describe
              + " has partitions 0 to " + (partitions - 1),
          Map.of("line", record.line(), "partition", record.partition())));
    }
    return item;
  }

  private static AppendSummary combine(AppendSummary acc, GroupResult group) {
    AppendSummary next = acc;
    for (var e : group.appended().entrySet()) next = next.plus(e.getKey(), e.getValue().firstOffset(), e.getValue().count());
    return group.error() == null ? next : next.failedWith(group.error());
  }

  private record GroupResult(Map<Integer, LogPartitionEntity.Appended> appended, StreamSqlException error) {}

  /** Writes the records of a group; a failure item (always the last) is passed on after them. */
  private static CompletionStage<GroupResult> appendGroup(
      List<UploadItem> group, Function<List<LogRecord>, CompletionStage<Map<Integer, LogPartitionEntity.Appended>>> write) {
    List<LogRecord> records = new ArrayList<>(group.size());
    StreamSqlException error = null;
    for (UploadItem item : group) {
      if (item instanceof UploadItem.Failure f) {
        error = f.error();
      } else {
        ParsedRecord r = ((UploadItem.Record) item).record();
        records.add(new LogRecord(r.keyJson(), r.valueJson(), r.timestamp(), r.partition(), r.headers()));
      }
    }
    StreamSqlException inputError = error;
    if (records.isEmpty()) return java.util.concurrent.CompletableFuture.completedFuture(new GroupResult(Map.of(), inputError));
    return write.apply(records).thenApply(appended -> new GroupResult(appended, inputError));
  }
}

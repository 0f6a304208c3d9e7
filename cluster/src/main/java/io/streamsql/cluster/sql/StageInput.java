package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.LogEntry;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.core.log.ReadPosition;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What a stateful stage reads, per partition, from an offset: a log followed as it grows, or the
 * rows of a sealed table version (a finite input that never changes, numbered in key order).
 */
public interface StageInput {
  int partitions();

  Source<LogEntry, NotUsed> read(int partition, long fromOffset);

  /** The next offset of each partition now (where a reader that has read everything so far stands). */
  java.util.concurrent.CompletionStage<java.util.List<Long>> ends();

  /** A log, followed: the stage runs until stopped. */
  static StageInput of(LogReader reader, LogReader.LogSource log) {
    return new StageInput() {
      public int partitions() {
        return log.partitions();
      }

      public Source<LogEntry, NotUsed> read(int partition, long fromOffset) {
        return reader.read(log, (Integer) partition, new ReadPosition.AtOffset(fromOffset), true);
      }

      public java.util.concurrent.CompletionStage<java.util.List<Long>> ends() {
        return log.states().get().thenApply(states -> states.stream().map(s -> s.nextOffset()).toList());
      }
    };
  }
  /** What a source log name reads: a stream's log or a table's changelog (followed), or a sealed table version (once). */
  public static CompletionStage<StageInput> open(
      String log, io.streamsql.cluster.streams.StreamService streams, io.streamsql.cluster.tables.TableService tables, LogReader reader) {
    if (SourceLogs.isVersion(log)) {
      int version = Integer.parseInt(SourceLogs.version(log));
      return tables.get(SourceLogs.tableName(log)).thenApply(def -> versionInput(tables, def, version));
    }
    return SourceLogs.open(log, streams, tables, reader).thenApply(source -> of(reader, source));
  }

  /**
   * The rows of a sealed table version, numbered per partition in key order. A version never
   * changes, so the numbering is the same after a restart: the stage resumes by skipping what it read.
   */
  private static StageInput versionInput(io.streamsql.cluster.tables.TableService tables, io.streamsql.persistence.table.TableDefinition def,
      int version) {
    return new StageInput() {
      public int partitions() {
        return def.partitions();
      }

      public CompletionStage<List<Long>> ends() {
        // A version is read to its end before anything else: no other source waits on its offsets.
        return CompletableFuture.completedFuture(List.of());
      }

      public Source<io.streamsql.cluster.streams.LogEntry, NotUsed> read(int partition, long fromOffset) {
        return tables.scanPartition(def, version, partition)
            .zipWithIndex()
            .filter(row -> row.second() >= fromOffset)
            .map(row -> new io.streamsql.cluster.streams.LogEntry(partition, row.second(),
                new io.streamsql.core.log.StoredRecord(row.first().keyJson(), row.first().value(), 0L, java.util.Map.of())));
      }
    };
  }

}

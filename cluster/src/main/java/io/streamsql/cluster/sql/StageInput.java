package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.LogEntry;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.core.log.ReadPosition;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What a stateful stage reads, per partition, from an offset: a log followed as it grows, or the
 * rows of a sealed table version (a finite input that never changes, numbered in key order).
 */
interface StageInput {
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
}

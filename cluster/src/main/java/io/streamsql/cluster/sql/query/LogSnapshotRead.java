package io.streamsql.cluster.sql.query;

import io.streamsql.cluster.streams.LogReader;
import io.streamsql.persistence.log.PartitionState;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.core.sql.plan.InputRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A log as it is when a pull query starts: every record of the chosen partitions up to the end
 * offset each had at that moment, partition after partition. Records appended later are not read,
 * so the read always ends. Cost: every record of those partitions is read from the journal.
 */
final class LogSnapshotRead {
  private final LogReader reader;

  LogSnapshotRead(LogReader reader) {
    this.reader = reader;
  }

  /** All partitions, or only {@code partition} when it is not null. */
  Source<InputRecord, NotUsed> read(LogReader.LogSource log, Integer partition) {
    return Source.completionStage(log.states().get()).flatMapConcat(states -> {
      // The reader asks for the states again per read; hand it the ones the ends were taken from.
      LogReader.LogSource fixed = new LogReader.LogSource(log.partitions(), log.persistenceIds(),
          () -> CompletableFuture.completedFuture(states));
      List<Source<InputRecord, NotUsed>> parts = new ArrayList<>();
      for (int p = 0; p < states.size(); p++) {
        if (partition != null && partition != p) continue;
        PartitionState state = states.get(p);
        long end = state.nextOffset();
        if (end <= state.startOffset()) continue;
        parts.add(reader.read(fixed, p, new ReadPosition.Earliest(), false)
            .takeWhile(e -> e.offset() < end - 1, true)
            .filter(e -> e.offset() < end)
            .map(e -> {
              StoredRecord r = e.record();
              return new InputRecord(r.key(), r.value(), r.timestamp(), e.partition(), e.offset(), r.headers());
            }));
      }
      return Source.from(parts).flatMapConcat(s -> s);
    });
  }
}

package io.streamsql.cluster.streams;

import io.streamsql.core.log.ReadPosition;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.LogBatch;
import io.streamsql.persistence.log.LogPartitionEntity;
import io.streamsql.persistence.log.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByPersistenceIdQuery;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Source;
import java.time.Duration;

/**
 * Reads records of a log back from the journal. Each partition is read from the first journal
 * event that can hold the requested position (found through the partition's segments), and
 * records before the position are skipped. With {@code follow}, the source stays open and
 * emits records as they are persisted: pushed by the partition entity's live feed
 * ({@link LiveTailStage}) for streams, polled from the journal for logs without one.
 */
public final class LogReader {
  private final StreamService streams;
  private final EventsByPersistenceIdQuery live;
  private final CurrentEventsByPersistenceIdQuery current;
  private final LiveTailSettings liveTails;

  public LogReader(StreamService streams, EventsByPersistenceIdQuery live, CurrentEventsByPersistenceIdQuery current) {
    this(streams, live, current, LiveTailSettings.DEFAULT);
  }

  public LogReader(
      StreamService streams, EventsByPersistenceIdQuery live, CurrentEventsByPersistenceIdQuery current,
      LiveTailSettings liveTails) {
    this.streams = streams;
    this.live = live;
    this.current = current;
    this.liveTails = liveTails;
  }

  /**
   * A partitioned log: a stream, or a table's changelog. {@code persistenceIds} names the journal
   * of each partition; {@code states} asks the partitions for their offsets and segments.
   */
  public record LogSource(
      int partitions, java.util.function.IntFunction<String> persistenceIds,
      java.util.function.Supplier<java.util.concurrent.CompletionStage<List<PartitionState>>> states,
      IntFunction<RecipientRef<LogPartitionEntity.Command>> liveFeeds) {

    /**
     * A log whose partitions publish no live feed (a table's changelog): followed by polling the
     * journal every {@code query.refresh-interval}.
     */
    public LogSource(
        int partitions, IntFunction<String> persistenceIds,
        java.util.function.Supplier<java.util.concurrent.CompletionStage<List<PartitionState>>> states) {
      this(partitions, persistenceIds, states, null);
    }
  }

  /** A stream's log as a log source; its partition entities feed live tails. */
  public LogSource source(StreamDefinition def) {
    return new LogSource(def.partitions(),
        p -> LogPartitionEntity.persistenceId(def.partitionEntityId(p)).id(),
        () -> streams.partitionStates(def),
        p -> streams.partition(def, p));
  }

  public Source<LogEntry, NotUsed> read(StreamDefinition def, Integer partition, ReadPosition from, boolean follow) {
    return read(source(def), partition, from, follow);
  }

  /**
   * All records of the chosen partitions (all when {@code partition} is null) from {@code from}.
   * Without follow, partitions are read one after the other in partition order; with follow,
   * they are merged as records arrive.
   */
  public Source<LogEntry, NotUsed> read(LogSource log, Integer partition, ReadPosition from, boolean follow) {
    List<Integer> partitions = new ArrayList<>();
    if (partition != null) {
      partitions.add(partition);
    } else {
      for (int p = 0; p < log.partitions(); p++) partitions.add(p);
    }
    return Source.completionStage(log.states().get())
        .flatMapConcat(states -> {
          List<Source<LogEntry, NotUsed>> sources = new ArrayList<>();
          for (int p : partitions) {
            RecipientRef<LogPartitionEntity.Command> feed =
                follow && liveTails.enabled() && log.liveFeeds() != null ? log.liveFeeds().apply(p) : null;
            sources.add(readPartition(log.persistenceIds().apply(p), p, states.get(p), from, follow, feed));
          }
          if (sources.size() == 1) return sources.get(0);
          if (follow) return Source.from(sources).flatMapMerge(sources.size(), s -> s);
          return Source.from(sources).flatMapConcat(s -> s);
        });
  }

  private Source<LogEntry, NotUsed> readPartition(
      String pid, int partition, PartitionState state, ReadPosition from, boolean follow,
      RecipientRef<LogPartitionEntity.Command> liveFeed) {
    long fromSeqNr;
    long minOffset;
    long minTimestamp = Long.MIN_VALUE;
    if (from instanceof ReadPosition.AtOffset at) {
      minOffset = at.offset();
      fromSeqNr = state.seqNrForOffset(Math.max(at.offset(), state.startOffset()));
    } else if (from instanceof ReadPosition.Latest) {
      minOffset = state.nextOffset();
      fromSeqNr = state.seqNrForOffset(state.nextOffset());
    } else if (from instanceof ReadPosition.AtTime at) {
      minOffset = state.startOffset();
      minTimestamp = at.epochMillis();
      fromSeqNr = state.seqNrForTime(at.epochMillis());
    } else {
      minOffset = state.startOffset();
      fromSeqNr = state.seqNrForOffset(state.startOffset());
    }
    ReadCursor cursor = new ReadCursor(fromSeqNr, minOffset, minTimestamp);
    long timeFloor = minTimestamp;
    // A failed journal query (a Cassandra timeout, say) is retried from where the reader got to.
    if (liveFeed != null) {
      return RestartSource.onFailuresWithBackoff(RESTARTS, () ->
          Source.fromGraph(new LiveTailStage(pid, partition, liveFeed, current, cursor, liveTails)));
    }
    return RestartSource.onFailuresWithBackoff(RESTARTS, () -> query(pid, cursor.nextSeqNr, follow)
        .mapConcat(envelope -> {
          if (!(envelope.event() instanceof LogBatch batch)) return List.<Pair<Long, LogEntry>>of();
          List<Pair<Long, LogEntry>> out = new ArrayList<>(batch.records().size());
          List<StoredRecord> records = batch.records();
          for (int i = 0; i < records.size(); i++) {
            long offset = batch.firstOffset() + i;
            if (offset < cursor.offsetFloor) continue;
            StoredRecord r = records.get(i);
            // From a time, the first record stamped at or after it starts the read; later ones all follow.
            if (!cursor.reachedTime) {
              if (r.timestamp() < timeFloor) continue;
              cursor.reachedTime = true;
            }
            out.add(Pair.create(envelope.sequenceNr(), new LogEntry(partition, offset, r)));
          }
          return out;
        })
        .map(delivered -> {
          cursor.nextSeqNr = delivered.first();
          cursor.offsetFloor = delivered.second().offset() + 1;
          return delivered.second();
        }));
  }

  private Source<EventEnvelope, NotUsed> query(String pid, long fromSeqNr, boolean follow) {
    return follow
        ? live.eventsByPersistenceId(pid, fromSeqNr, Long.MAX_VALUE)
        : current.currentEventsByPersistenceId(pid, fromSeqNr, Long.MAX_VALUE);
  }

  private static final RestartSettings RESTARTS =
      RestartSettings.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2).withMaxRestarts(5, Duration.ofMinutes(1));
}

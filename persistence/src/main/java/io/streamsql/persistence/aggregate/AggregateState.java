package io.streamsql.persistence.aggregate;

import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.persistence.table.SnapshotRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A state partition of an aggregation as journaled: the encoded groups, the next input offset, the
 * observed stream time, and the outputs of the last batch with the sequence number of the first (a
 * restarted runner appends them again; the sink drops those it has). Mutable, changed only by the
 * entity's event handler; the groups are copied when a snapshot is written.
 */
public final class AggregateState {
  enum Phase { LOADING, READY, SNAPSHOTTING }

  final Map<String, byte[]> groups = new HashMap<>();
  long nextOffset;
  long streamTime = Long.MIN_VALUE;
  long nextSequence;
  List<OutputRecord> lastOutputs = List.of();
  long lastFirstSequence;
  SnapshotRef snapshot;
  SnapshotRef previousSnapshot;
  long changesSinceSnapshot;
  Phase phase = Phase.READY;
  /** While the snapshot's chunks load: groups the replayed events removed (the chunks must not bring them back). */
  final Set<String> removedDuringReplay = new HashSet<>();

  /** What the Pekko snapshot holds: the chunk set of the groups, and the scalar fields. */
  public record Snapshot(
      SnapshotRef ref, long nextOffset, long streamTime, long nextSequence, List<OutputRecord> lastOutputs, long lastFirstSequence)
      implements io.streamsql.persistence.CborSerializable {}
}

package io.streamsql.persistence.table;

import io.streamsql.persistence.log.PartitionState;
import java.util.TreeMap;

/**
 * The rows of one table partition, kept in memory. Snapshots are written in chunks beside the
 * journal ({@link ChunkStore}); the Pekko snapshot only names them. Mutable: the entity is its
 * only user and never hands it out.
 */
final class TablePartitionState {
  enum Phase {
    /** Serving everything. */
    READY,
    /** Writing snapshot chunks: reads are served, changes wait so the chunks stay exact. */
    SNAPSHOTTING,
    /** Recovered from a snapshot reference; its chunks are being read. Everything waits. */
    LOADING
  }

  Phase phase = Phase.READY;
  /** The snapshot this state was last written as (or recovered from), null before the first. */
  SnapshotRef snapshot;
  /** The snapshot before it, whose chunks are kept until the next one is taken. */
  SnapshotRef previousSnapshot;
  /** Events replayed after the snapshot while its chunks were still loading. */
  final java.util.List<TablePartitionEntity.Event> pendingReplay = new java.util.ArrayList<>();
  /** Rows changed since the last snapshot; a snapshot is due when this reaches the row count. */
  long changesSinceSnapshot;

  /** The changelog's log metadata (offsets, segments), as for a stream partition. */
  PartitionState log = PartitionState.EMPTY;
  /** Current rows of a dynamic table: key JSON text → row JSON bytes. */
  final TreeMap<String, byte[]> current = new TreeMap<>();
  /** True once the dynamic content was sealed as a version: no more writes. */
  boolean frozen;
  /** Sealed versions: never change. */
  final TreeMap<Integer, TreeMap<String, byte[]>> versions = new TreeMap<>();
  /** Versions being loaded, not readable until sealed. */
  final TreeMap<Integer, Staging> staging = new TreeMap<>();

  record Staging(String loadId, TreeMap<String, byte[]> rows) {}

  TreeMap<String, byte[]> rows(int version) {
    return version == 0 ? current : versions.get(version);
  }
}

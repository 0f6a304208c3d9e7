package io.streamsql.persistence.table;

import io.streamsql.persistence.log.PartitionState;
import java.util.TreeMap;

/**
 * The rows of one table partition, kept in memory and rebuilt from the journal on recovery
 * (never snapshotted whole, so no stored blob grows with the table). Mutable: the entity is its
 * only user and never hands it out.
 */
final class TablePartitionState {
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

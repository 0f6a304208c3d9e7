package io.streamsql.persistence.table;

import io.streamsql.persistence.CborSerializable;
import java.util.List;

/**
 * A keyed table as the catalog knows it. A dynamic table takes writes; an immutable one has
 * sealed versions ({@code versions}, ascending) and reads the newest by default.
 * {@code pendingVersion} is a version being created, not yet readable (0 when none).
 */
public record TableDefinition(
    String name, String incarnation, String primaryKey, int partitions, boolean immutable,
    List<Integer> versions, int pendingVersion, boolean pendingFromCurrent, long createdAt)
    implements CborSerializable {

  public TableDefinition {
    versions = List.copyOf(versions);
  }

  public String partitionEntityId(int partition) {
    return TablePartitionEntity.entityId(name, incarnation, partition);
  }

  public int latestVersion() {
    return versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
  }

  TableDefinition withPending(int version, boolean fromCurrent) {
    return new TableDefinition(name, incarnation, primaryKey, partitions, immutable, versions, version, fromCurrent, createdAt);
  }

  TableDefinition withCommitted(int version) {
    List<Integer> next = new java.util.ArrayList<>(versions);
    if (!next.contains(version)) next.add(version);
    next.sort(null);
    return new TableDefinition(name, incarnation, primaryKey, partitions, true, next, 0, false, createdAt);
  }
}

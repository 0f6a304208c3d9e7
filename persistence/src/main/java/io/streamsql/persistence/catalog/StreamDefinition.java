package io.streamsql.persistence.catalog;

import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.persistence.CborSerializable;

/**
 * A stream as the catalog knows it. {@code incarnation} is new each time a name is created, so a
 * stream deleted and created again never sees the old stream's journal.
 */
public record StreamDefinition(
    String name, String incarnation, int partitions, RetentionPolicy retention, long createdAt)
    implements CborSerializable {

  public String partitionEntityId(int partition) {
    return io.streamsql.persistence.log.LogPartitionEntity.entityId(name, incarnation, partition);
  }
}

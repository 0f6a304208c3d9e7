package io.streamsql.cluster.connectors.kafka;

import io.streamsql.persistence.connector.KafkaSinkCatalogEntity.Sink;
import java.util.List;

/** A sink and how far each source partition is exported; {@code lag} counts records not yet exported. */
public record KafkaSinkStatus(Sink sink, String state, String error, List<Partition> partitions) {
  public record Partition(int partition, String state, long nextOffset, long endOffset, long lag, long exported, String error) {}

  public long lag() {
    return partitions.stream().mapToLong(Partition::lag).sum();
  }

  public long exported() {
    return partitions.stream().mapToLong(Partition::exported).sum();
  }
}

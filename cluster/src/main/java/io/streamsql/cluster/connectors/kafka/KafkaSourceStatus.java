package io.streamsql.cluster.connectors.kafka;

import io.streamsql.persistence.connector.KafkaConnectorCatalogEntity;
import java.util.List;

/**
 * A connector and how far it got. {@code state}: running, paused or failed (a consumer stopped
 * with an error, or the brokers cannot be reached); {@code error} says why.
 */
public record KafkaSourceStatus(KafkaConnectorCatalogEntity.Connector connector, String state, String error, List<Partition> partitions) {
  /** {@code endOffset} and {@code lag} are null when the brokers could not be asked. */
  public record Partition(int partition, String state, long nextOffset, Long endOffset, Long lag, long records, long errors,
      String lastError) {}

  public Long lag() {
    long total = 0;
    for (Partition p : partitions) {
      if (p.lag() == null) return null;
      total += p.lag();
    }
    return total;
  }

  public long records() {
    return partitions.stream().mapToLong(Partition::records).sum();
  }

  public long errors() {
    return partitions.stream().mapToLong(Partition::errors).sum();
  }
}

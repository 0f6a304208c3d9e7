package io.streamsql.persistence.connector;

import io.streamsql.persistence.CborSerializable;
import java.util.List;
import java.util.Map;

/**
 * What one Kafka source partition entity reads and where it writes: topic partition
 * {@code topic}/{@code partition} on {@code brokers} (comma-separated bootstrap servers) into the
 * stream {@code stream}. {@code incarnation} tells a connector apart from an earlier one of the
 * same name, so a re-created connector never inherits the old one's offsets.
 */
public record KafkaSourceSpec(
    String connector, String incarnation, String stream, String topic, int partition, String brokers, String format,
    String keyFormat, List<String> columns, Map<String, String> properties) implements CborSerializable {
  public KafkaSourceSpec {
    columns = columns == null ? List.of() : List.copyOf(columns);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  /** The producer id under which this partition's records are appended idempotently to the stream's log. */
  public String producerId() {
    return "kafka:" + connector + ":" + incarnation + ":" + topic + ":" + partition;
  }

  public String entityId() {
    return KafkaSourcePartitionEntity.entityId(connector, incarnation, partition);
  }
}

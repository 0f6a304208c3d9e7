package io.streamsql.cluster.connectors.kafka;

import io.streamsql.core.log.RetentionPolicy;
import java.util.List;
import java.util.Map;

/**
 * A request for a new Kafka source connector. {@code stream} and {@code topic} default to
 * {@code name}; {@code partitions} (of a new stream) to the topic's partition count.
 */
public record KafkaSourceRequest(
    String name, List<String> brokers, String topic, String format, String keyFormat, List<String> columns, RetentionPolicy retention,
    Integer partitions, Map<String, String> properties) {}

package io.streamsql.http.connectors;

import io.streamsql.cluster.connectors.kafka.KafkaSourceStatus;
import io.streamsql.persistence.connector.KafkaConnectorCatalogEntity.Connector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of Kafka source connectors (docs/connectors.md). */
final class KafkaSourceJson {
  private KafkaSourceJson() {}

  static Map<String, Object> connector(Connector c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("topic", c.topic());
    m.put("brokers", List.of(c.brokers().split(",")));
    m.put("format", c.format());
    m.put("key_format", c.keyFormat());
    if (!c.columns().isEmpty()) m.put("columns", c.columns());
    m.put("stream", c.stream());
    m.put("topic_partitions", c.topicPartitions());
    m.put("paused", c.paused());
    m.put("created_at", c.createdAt());
    return m;
  }

  static Map<String, Object> status(KafkaSourceStatus s) {
    Map<String, Object> m = connector(s.connector());
    m.put("state", s.state());
    m.put("error", s.error());
    m.put("records", s.records());
    m.put("errors", s.errors());
    m.put("lag", s.lag());
    List<Map<String, Object>> parts = new ArrayList<>();
    for (KafkaSourceStatus.Partition p : s.partitions()) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("partition", p.partition());
      pm.put("state", p.state());
      pm.put("next_offset", p.nextOffset());
      pm.put("end_offset", p.endOffset());
      pm.put("lag", p.lag());
      pm.put("records", p.records());
      pm.put("errors", p.errors());
      pm.put("last_error", p.lastError());
      parts.add(pm);
    }
    m.put("partitions", parts);
    return m;
  }
}

package io.streamsql.cluster.sql.qtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A record read back from an output topic (key and value as JSON, null as NullNode), and how a topic's records are compared. */
public record QttRecord(JsonNode key, JsonNode value, long timestamp) {

  /**
   * Same records per key in the same order (partitions interleave keys freely, as Kafka's do);
   * null when they match, else what differs.
   */
  public static String compareTopic(String topic, List<JsonNode> expected, List<QttRecord> actual) {
    if (expected.size() != actual.size()) {
      return topic + ": expected " + expected.size() + " records, got " + actual.size() + describe(actual);
    }
    Map<String, List<JsonNode>> expectedByKey = new LinkedHashMap<>();
    for (JsonNode e : expected) expectedByKey.computeIfAbsent(JsonMatch.canonical(e.get("key")), k -> new ArrayList<>()).add(e);
    Map<String, List<QttRecord>> actualByKey = new LinkedHashMap<>();
    for (QttRecord a : actual) actualByKey.computeIfAbsent(JsonMatch.canonical(a.key()), k -> new ArrayList<>()).add(a);
    for (var e : expectedByKey.entrySet()) {
      List<QttRecord> got = actualByKey.getOrDefault(e.getKey(), List.of());
      if (got.size() != e.getValue().size()) {
        return topic + ": key " + e.getKey() + ": expected " + e.getValue().size() + " records, got " + got.size() + describe(actual);
      }
      for (int i = 0; i < got.size(); i++) {
        JsonNode exp = e.getValue().get(i);
        QttRecord a = got.get(i);
        if (!JsonMatch.equal(exp.get("value"), a.value())) {
          return topic + ": key " + e.getKey() + " record " + i + ": expected value " + exp.get("value") + ", got " + a.value();
        }
        if (exp.has("timestamp") && exp.get("timestamp").asLong() != a.timestamp()) {
          return topic + ": key " + e.getKey() + " record " + i + ": expected timestamp " + exp.get("timestamp") + ", got " + a.timestamp();
        }
      }
    }
    return null;
  }

  private static String describe(List<QttRecord> actual) {
    StringBuilder sb = new StringBuilder(" [");
    for (int i = 0; i < Math.min(3, actual.size()); i++) sb.append(actual.get(i).key()).append(" -> ").append(actual.get(i).value()).append("; ");
    return sb.append(actual.size() > 3 ? "…]" : "]").toString();
  }
}

package io.streamsql.cluster.sql.qtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.core.log.WindowedKey;
import io.streamsql.core.sql.plan.RecordJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record read back from an output topic (key and value as JSON, null as NullNode; the key of a
 * windowed record is its stored WindowedKey, {"key":…,"start":S,"end":E}), and how a topic's records
 * are compared.
 */
public record QttRecord(JsonNode key, JsonNode value, long timestamp) {

  /** The key QTT writes for an input record: its key, or with a {@code window} the stored WindowedKey around it. */
  public static String inputKeyText(JsonNode input) {
    JsonNode key = input.get("key");
    String keyText = key == null || key.isNull() ? null : RecordJson.text(key);
    JsonNode w = input.get("window");
    if (w == null || w.isNull()) return keyText;
    return new WindowedKey(keyText, w.path("start").asLong(), w.path("end").asLong()).text();
  }

  /** The text whose murmur2 places an input record: its key, the inner key for a windowed record (null: keyless). */
  public static String placementKeyText(JsonNode input) {
    JsonNode key = input.get("key");
    return key == null || key.isNull() ? null : RecordJson.text(key);
  }

  /**
   * Same records per key in the same order (partitions interleave keys freely, as Kafka's do);
   * null when they match, else what differs. When the expected records have a {@code window}, an
   * actual key must be a WindowedKey whose inner key and bounds match, records are grouped per key
   * and window, and {@code windowType} (the sink's "time" or "session", null when unknown) must be
   * the expected window's type.
   */
  public static String compareTopic(String topic, List<JsonNode> expected, List<QttRecord> actual, String windowType) {
    if (expected.size() != actual.size()) {
      return topic + ": expected " + expected.size() + " records, got " + actual.size() + describe(actual);
    }
    boolean windowed = expected.stream().anyMatch(e -> e.has("window"));
    if (windowed && windowType != null) {
      for (JsonNode e : expected) {
        String type = e.path("window").path("type").asText("");
        if (!type.isEmpty() && !type.equalsIgnoreCase(windowType)) {
          return topic + ": expected " + type + " windows, the sink has " + windowType + " windows";
        }
      }
    }
    Map<String, List<JsonNode>> expectedByKey = new LinkedHashMap<>();
    for (JsonNode e : expected) {
      String group = JsonMatch.canonical(e.get("key"));
      if (windowed) group += window(e.path("window").path("start").asLong(), e.path("window").path("end").asLong());
      expectedByKey.computeIfAbsent(group, k -> new ArrayList<>()).add(e);
    }
    Map<String, List<QttRecord>> actualByKey = new LinkedHashMap<>();
    for (QttRecord a : actual) {
      String group;
      if (!windowed) {
        group = JsonMatch.canonical(a.key());
      } else {
        WindowedKey k;
        try {
          k = WindowedKey.parse(a.key() == null || a.key().isNull() ? null : RecordJson.text(a.key()));
        } catch (IllegalArgumentException notWindowed) {
          return topic + ": expected windowed keys, got the key " + a.key() + " (" + notWindowed.getMessage() + ")";
        }
        group = JsonMatch.canonical(k.keyJson() == null ? null : RecordJson.read(k.keyJson())) + window(k.start(), k.end());
      }
      actualByKey.computeIfAbsent(group, k -> new ArrayList<>()).add(a);
    }
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

  /** Compares without knowing the sink's window type. */
  public static String compareTopic(String topic, List<JsonNode> expected, List<QttRecord> actual) {
    return compareTopic(topic, expected, actual, null);
  }

  private static String window(long start, long end) {
    return " window [" + start + ", " + end + ")";
  }

  private static String describe(List<QttRecord> actual) {
    StringBuilder sb = new StringBuilder(" [");
    for (int i = 0; i < Math.min(3, actual.size()); i++) sb.append(actual.get(i).key()).append(" -> ").append(actual.get(i).value()).append("; ");
    return sb.append(actual.size() > 3 ? "…]" : "]").toString();
  }
}

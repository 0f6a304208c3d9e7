package io.streamsql.core.sql.plan.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.sql.plan.RecordJson;
import io.streamsql.core.sql.serde.JsonValues;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One source record as a join holds it: the source's own key JSON (not the join key), value JSON
 * (null: a table row's delete), its time (the source's timestamp column already applied), position
 * and headers. Joined rows are arrays of these, one slot per source.
 */
public record SideRecord(String keyJson, byte[] value, long timestamp, int partition, long offset, Map<String, String> headers) {
  public SideRecord {
    headers = headers == null ? Map.of() : headers;
  }

  JsonNode toJson() {
    ArrayNode a = JsonValues.NODES.arrayNode();
    a.add(keyJson);
    a.add(value == null ? null : Base64.getEncoder().encodeToString(value));
    a.add(timestamp).add(partition).add(offset);
    ObjectNode h = a.addObject();
    headers.forEach(h::put);
    return a;
  }

  static SideRecord fromJson(JsonNode n) {
    if (n == null || n.isNull()) return null;
    Map<String, String> headers = new LinkedHashMap<>();
    n.get(5).fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    return new SideRecord(n.get(0).isNull() ? null : n.get(0).asText(), n.get(1).isNull() ? null : Base64.getDecoder().decode(n.get(1).asText()),
        n.get(2).asLong(), n.get(3).asInt(), n.get(4).asLong(), headers);
  }

  /** A joined row: one record per source (null where that source has none), and the row's time. */
  record Joined(SideRecord[] sides, long timestamp) {
    byte[] encode() {
      ArrayNode a = JsonValues.NODES.arrayNode();
      a.add(timestamp);
      for (SideRecord s : sides) {
        if (s == null) a.addNull();
        else a.add(s.toJson());
      }
      return RecordJson.bytes(a);
    }

    static Joined decode(byte[] bytes) {
      JsonNode a = RecordJson.read(bytes);
      SideRecord[] sides = new SideRecord[a.size() - 1];
      for (int i = 0; i < sides.length; i++) sides[i] = fromJson(a.get(i + 1));
      return new Joined(sides, a.get(0).asLong());
    }

    Joined withTime(long time) {
      return time == timestamp ? this : new Joined(sides, time);
    }

    Joined with(int source, SideRecord r, long time) {
      SideRecord[] copy = sides.clone();
      copy[source] = r;
      return new Joined(copy, time);
    }
  }
}

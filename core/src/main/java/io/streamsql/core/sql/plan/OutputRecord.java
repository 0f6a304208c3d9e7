package io.streamsql.core.sql.plan;

import java.util.Map;

/**
 * One record a query writes to its sink log: key JSON text (or null), value JSON bytes (null = tombstone), timestamp, and
 * headers (name → base64; a table aggregation's grouped rows carry the row they replace in {@link TableRegrouper#UNDO_HEADER}).
 */
public record OutputRecord(String keyJson, byte[] valueJson, long timestamp, Map<String, String> headers) {
  public OutputRecord {
    headers = headers == null ? Map.of() : headers;
  }

  public OutputRecord(String keyJson, byte[] valueJson, long timestamp) {
    this(keyJson, valueJson, timestamp, Map.of());
  }
}

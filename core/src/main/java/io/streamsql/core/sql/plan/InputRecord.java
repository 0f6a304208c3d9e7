package io.streamsql.core.sql.plan;

import java.util.Map;

/**
 * One record read from a source log: key JSON text (or null), value JSON bytes (null = tombstone),
 * its position, and its headers (name → base64 of the header's bytes, as the log stores them).
 */
public record InputRecord(String keyJson, byte[] valueJson, long timestamp, int partition, long offset, Map<String, String> headers) {
  public InputRecord {
    headers = headers == null ? Map.of() : headers;
  }

  /** A record without headers. */
  public InputRecord(String keyJson, byte[] valueJson, long timestamp, int partition, long offset) {
    this(keyJson, valueJson, timestamp, partition, offset, Map.of());
  }
}

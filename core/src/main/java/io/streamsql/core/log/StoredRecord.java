package io.streamsql.core.log;

import java.util.Map;

/**
 * One record as a log partition keeps it. Its offset is implicit (the batch's first offset plus
 * its index). {@code key} is the key's JSON text or null; {@code value} the value's JSON bytes,
 * null for a tombstone; {@code timestamp} the server's arrival time in epoch millis;
 * {@code headers} name → base64 of the header's bytes (null for a header without a value), in order,
 * one value per name (SQL header columns read them this way).
 */
public record StoredRecord(String key, byte[] value, long timestamp, Map<String, String> headers) {
  public StoredRecord {
    headers = headers == null ? Map.of() : headers;
  }

  /** Bytes this record counts for in size-based retention. */
  public long sizeInBytes() {
    return (key == null ? 0 : key.length()) + (value == null ? 0 : value.length) + 8;
  }
}

package io.streamsql.core.format;

/**
 * One record read from an uploaded body: the value as compact JSON bytes (null for a
 * tombstone), the key as JSON text (null when the record has none) and the 1-based line of the
 * body where it starts. Raw topic records may also fix their partition and timestamp (null:
 * chosen by the server).
 */
public record ParsedRecord(
    byte[] valueJson, String keyJson, long line, Integer partition, Long timestamp, java.util.Map<String, String> headers) {
  /** {@code headers}: name → base64 of the bytes, as a log record stores them; empty when none. */
  public ParsedRecord {
    // Kept in order; a header may have no value (null), which Map.copyOf would refuse.
    headers = headers == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
  }

  public ParsedRecord(byte[] valueJson, String keyJson, long line) {
    this(valueJson, keyJson, line, null, null, java.util.Map.of());
  }
}

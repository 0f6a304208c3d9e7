package io.streamsql.core.format;

/**
 * One record read from an uploaded body: the value as compact JSON bytes (null for a
 * tombstone), the key as JSON text (null when the record has none) and the 1-based line of the
 * body where it starts. Raw topic records may also fix their partition and timestamp (null:
 * chosen by the server).
 */
public record ParsedRecord(byte[] valueJson, String keyJson, long line, Integer partition, Long timestamp) {
  public ParsedRecord(byte[] valueJson, String keyJson, long line) {
    this(valueJson, keyJson, line, null, null);
  }
}

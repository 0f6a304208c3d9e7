package io.streamsql.cluster.log;

/**
 * A record to append to a log: its key as JSON text (null: keyless), its value as JSON bytes
 * (null: a tombstone), its timestamp in epoch millis (null: the time it is appended) and its
 * partition (null: chosen by {@link io.streamsql.core.log.Partitioner#partitionFor}).
 */
public record LogRecord(String keyJson, byte[] valueJson, Long timestamp, Integer partition, java.util.Map<String, String> headers) {
  /** {@code headers}: name → base64 of the bytes (one value per name); empty when none. */
  public LogRecord {
    headers = headers == null ? java.util.Map.of() : headers;
  }

  public LogRecord(String keyJson, byte[] valueJson, Long timestamp, Integer partition) {
    this(keyJson, valueJson, timestamp, partition, java.util.Map.of());
  }
}

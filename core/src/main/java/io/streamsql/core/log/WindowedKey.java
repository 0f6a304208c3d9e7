package io.streamsql.core.log;

/**
 * The key of a record in a windowed log (the sink of a windowed aggregation, or a source declared
 * with WINDOW_TYPE): the key columns' JSON text and the window's bounds in epoch milliseconds. It
 * is stored as the record's key text {@code {"key":<key json>,"start":S,"end":E}}; whether the
 * window is a time or a session window is a property of the log's schema, not of each record.
 * Placement hashes the inner key, so every window of one key lives in one partition.
 */
public record WindowedKey(String keyJson, long start, long end) {

  /** The stored key text. */
  public String text() {
    return "{\"key\":" + (keyJson == null ? "null" : keyJson) + ",\"start\":" + start + ",\"end\":" + end + "}";
  }

  /**
   * Reads a stored windowed key; a text that is not one is refused with the reason. The inner key is
   * cut out as written (not re-serialized), so decimals and field order survive exactly.
   */
  public static WindowedKey parse(String text) {
    if (text == null) throw new IllegalArgumentException("A windowed record needs a key with its window");
    String prefix = "{\"key\":";
    int bounds = text.lastIndexOf(",\"start\":");
    int end = text.lastIndexOf(",\"end\":");
    if (!text.startsWith(prefix) || bounds < prefix.length() || end < bounds || !text.endsWith("}")) {
      throw new IllegalArgumentException("A windowed key must be {\"key\":…,\"start\":…,\"end\":…}, got " + text);
    }
    String inner = text.substring(prefix.length(), bounds);
    try {
      long s = Long.parseLong(text.substring(bounds + ",\"start\":".length(), end));
      long e = Long.parseLong(text.substring(end + ",\"end\":".length(), text.length() - 1));
      return new WindowedKey(inner.equals("null") ? null : inner, s, e);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("A windowed key's start and end must be epoch milliseconds, got " + text);
    }
  }
}

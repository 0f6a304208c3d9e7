package io.streamsql.core.format;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.util.Locale;
import java.util.Map;

/** Body formats accepted for uploads. */
public enum EventFormat {
  JSON,
  CSV;

  public static EventFormat parse(String text) {
    if (text == null || text.isBlank()) return JSON;
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "json", "ndjson" -> JSON;
      case "csv" -> CSV;
      default -> throw new StreamSqlException(
          ErrorCode.INVALID_REQUEST, "Unknown format '" + Excerpt.of(text) + "': use json or csv", Map.of("format", Excerpt.of(text)));
    };
  }

  /** A fresh reader for one body in this format. */
  public RecordReader newReader(String keyField, int maxRecordBytes) {
    return switch (this) {
      case JSON -> new JsonRecordReader(keyField, maxRecordBytes);
      case CSV -> new CsvRecordReader(keyField, maxRecordBytes);
    };
  }
}

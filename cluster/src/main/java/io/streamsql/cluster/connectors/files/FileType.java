package io.streamsql.cluster.connectors.files;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.util.Locale;
import java.util.Map;

/** The file formats the file connector reads. */
public enum FileType {
  CSV, PARQUET;

  /** The name clients use: {@code csv}, {@code parquet}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The given type, or the one the path's extension names when none is given. */
  public static FileType of(String given, String path) {
    if (given != null && !given.isBlank()) {
      return switch (given.trim().toLowerCase(Locale.ROOT)) {
        case "csv" -> CSV;
        case "parquet" -> PARQUET;
        default -> throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
            "file_type must be 'csv' or 'parquet', got '" + Excerpt.of(given) + "'", Map.of("file_type", Excerpt.of(given)));
      };
    }
    String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".csv")) return CSV;
    if (p.endsWith(".parquet")) return PARQUET;
    throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
        "file_type is required ('csv' or 'parquet') when the path does not end in .csv or .parquet", Map.of());
  }
}

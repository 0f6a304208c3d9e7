package io.streamsql.core.log;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Where a read starts: {@code earliest}, {@code latest}, an offset, or an arrival time. */
public sealed interface ReadPosition {
  record Earliest() implements ReadPosition {}

  record Latest() implements ReadPosition {}

  record AtOffset(long offset) implements ReadPosition {}

  record AtTime(long epochMillis) implements ReadPosition {}

  static ReadPosition parse(String text) {
    if (text == null || text.isBlank() || text.equals("earliest")) return new Earliest();
    if (text.equals("latest")) return new Latest();
    try {
      long offset = Long.parseLong(text);
      if (offset < 0) throw invalid(text);
      return new AtOffset(offset);
    } catch (NumberFormatException notANumber) {
      try {
        return new AtTime(Instant.parse(text).toEpochMilli());
      } catch (DateTimeParseException notAnInstant) {
        try {
          return new AtTime(OffsetDateTime.parse(text).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
          throw invalid(text);
        }
      }
    }
  }

  private static StreamSqlException invalid(String text) {
    return new StreamSqlException(
        ErrorCode.INVALID_REQUEST,
        "Invalid 'from' value '" + text + "': use earliest, latest, a non-negative offset or an ISO-8601 timestamp such as 2026-01-01T00:00:00Z",
        Map.of("from", text));
  }
}

package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.expr.SqlErrors;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the records of a windowed source are keyed: by key and time window (TUMBLING, HOPPING, of
 * a size) or by key and session. Declared with WINDOW_TYPE/WINDOW_SIZE, or inherited by the sink of
 * a windowed aggregation. Its records' keys are {@link io.streamsql.core.log.WindowedKey}s.
 */
public record SourceWindow(Type type, long sizeMillis) {
  public enum Type { TUMBLING, HOPPING, SESSION }

  private static final Pattern DURATION = Pattern.compile("^\\s*(\\d+)\\s*([A-Za-z]+)\\s*$");

  /** QTT's and ksqlDB's record window type: "time" for tumbling and hopping windows, "session" for sessions. */
  public String recordType() {
    return type == Type.SESSION ? "session" : "time";
  }

  /** The WITH properties that declare it. */
  public String properties() {
    return "WINDOW_TYPE='" + type + "'" + (type == Type.SESSION ? "" : ", WINDOW_SIZE='" + sizeMillis + " MILLISECONDS'");
  }

  /**
   * From WINDOW_TYPE and WINDOW_SIZE, with ksqlDB's checks and messages (CreateSourceProperties);
   * null when the source is not windowed.
   */
  public static SourceWindow of(Object windowType, Object windowSize) {
    Long size = windowSize == null ? null : durationMillis(windowSize.toString());
    if (windowType == null) {
      // ksqlDB says this of a WINDOW_SIZE without a WINDOW_TYPE too.
      if (size != null) throw SqlErrors.of("'WINDOW_SIZE' should not be set for SESSION windows.");
      return null;
    }
    Type type;
    try {
      type = Type.valueOf(windowType.toString().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SqlErrors.of("Invalid value " + windowType + " for property WINDOW_TYPE: String must be one of: SESSION, HOPPING, TUMBLING, null");
    }
    if (type == Type.SESSION) {
      if (size != null) throw SqlErrors.of("'WINDOW_SIZE' should not be set for SESSION windows.");
      return new SourceWindow(type, 0);
    }
    if (size == null) {
      throw SqlErrors.of(type + " windows require 'WINDOW_SIZE' to be provided in the WITH clause. For example: 'WINDOW_SIZE'='10 SECONDS'");
    }
    return new SourceWindow(type, size);
  }

  /**
   * "10 SECONDS", "1 MINUTE", … in milliseconds, as ksqlDB's DurationParser reads WINDOW_SIZE (a
   * number and a java.util.concurrent.TimeUnit, singular or plural), with its messages.
   */
  public static long durationMillis(String text) {
    String problem;
    String[] parts = text.trim().split("\\s+");
    if (parts.length != 2) {
      problem = "Expected 2 tokens, got: " + parts.length;
    } else {
      long n;
      try {
        n = Long.parseLong(parts[0]);
      } catch (NumberFormatException e) {
        n = -1;
      }
      String unit = parts[1].toUpperCase(Locale.ROOT);
      String plural = unit.endsWith("S") ? unit : unit + "S";
      if (n < 0) {
        problem = "Not numeric: '" + parts[0] + "'";
      } else {
        try {
          return java.util.concurrent.TimeUnit.valueOf(plural).toMillis(n);
        } catch (IllegalArgumentException e) {
          problem = "Unknown time unit: '" + unit + "'";
        }
      }
    }
    throw SqlErrors.of("Configuration WINDOW_SIZE is invalid: Invalid duration: '" + text + "'. " + problem);
  }
}

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

  /** From WINDOW_TYPE and WINDOW_SIZE, with ksqlDB's checks; null when the source is not windowed. */
  public static SourceWindow of(Object windowType, Object windowSize) {
    if (windowType == null) {
      if (windowSize != null) throw SqlErrors.of("'WINDOW_SIZE' should not be set for non-windowed sources.");
      return null;
    }
    Type type;
    try {
      type = Type.valueOf(windowType.toString().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw SqlErrors.of("Invalid value " + windowType + " for property WINDOW_TYPE: String must be one of: SESSION, HOPPING, TUMBLING");
    }
    if (type == Type.SESSION) {
      if (windowSize != null) throw SqlErrors.of("'WINDOW_SIZE' should not be set for SESSION windows.");
      return new SourceWindow(type, 0);
    }
    if (windowSize == null) throw SqlErrors.of("WINDOW_SIZE required for TUMBLING/HOPPING windows.");
    return new SourceWindow(type, durationMillis(windowSize.toString()));
  }

  /** "10 SECONDS", "1 MINUTE", … in milliseconds, as ksqlDB reads WINDOW_SIZE. */
  public static long durationMillis(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw SqlErrors.of("Invalid value " + text + " for property WINDOW_SIZE: Not a valid duration: " + text);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2).toUpperCase(Locale.ROOT);
    if (!unit.endsWith("S")) unit = unit + "S";
    return switch (unit) {
      case "MILLISECONDS" -> n;
      case "SECONDS" -> n * 1000;
      case "MINUTES" -> n * 60_000;
      case "HOURS" -> n * 3_600_000;
      case "DAYS" -> n * 86_400_000;
      default -> throw SqlErrors.of("Invalid value " + text + " for property WINDOW_SIZE: Not a valid duration: " + text);
    };
  }
}

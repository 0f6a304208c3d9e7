package io.streamsql.core.log;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a stream keeps its records: forever, for a time ("7d"), a number of records (1000000
 * or "1000000 records") or a number of bytes ("10GB"). Serialized as its textual spec.
 */
public sealed interface RetentionPolicy {

  /** The canonical text of this policy; parsing it gives an equal policy. */
  @JsonValue
  String spec();

  record Forever() implements RetentionPolicy {
    public String spec() {
      return "forever";
    }
  }

  record MaxAge(Duration age) implements RetentionPolicy {
    public String spec() {
      long ms = age.toMillis();
      if (ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
      if (ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
      if (ms % 60_000L == 0) return ms / 60_000L + "m";
      if (ms % 1_000L == 0) return ms / 1_000L + "s";
      return ms + "ms";
    }
  }

  record MaxRecords(long count) implements RetentionPolicy {
    public String spec() {
      return count + " records";
    }
  }

  record MaxBytes(long bytes) implements RetentionPolicy {
    public String spec() {
      return bytes + "B";
    }
  }

  RetentionPolicy FOREVER = new Forever();

  Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");
  Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)");
  Pattern COUNT = Pattern.compile("(\\d+)(\\s*records?)?");

  /** Parses a JSON value: null or "forever", a number (record count) or a string spec. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static RetentionPolicy parse(Object value) {
    if (value == null) return FOREVER;
    if (value instanceof Number n) return maxRecords(n.longValue(), value);
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    if (text.equals("forever")) return FOREVER;
    try {
      Matcher m = DURATION.matcher(text);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        Duration d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              case "d" -> Duration.ofDays(n);
              default -> Duration.ofDays(7 * n);
            };
        if (d.isZero()) throw invalid(value);
        return new MaxAge(d);
      }
      m = SIZE.matcher(text);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        long unit =
            switch (m.group(2)) {
              case "b" -> 1L;
              case "kb" -> 1_000L;
              case "mb" -> 1_000_000L;
              case "gb" -> 1_000_000_000L;
              case "tb" -> 1_000_000_000_000L;
              case "kib" -> 1L << 10;
              case "mib" -> 1L << 20;
              case "gib" -> 1L << 30;
              default -> 1L << 40;
            };
        if (n <= 0) throw invalid(value);
        return new MaxBytes(Math.multiplyExact(n, unit));
      }
      m = COUNT.matcher(text);
      if (m.matches()) return maxRecords(Long.parseLong(m.group(1)), value);
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalid(value);
    }
    throw invalid(value);
  }

  private static RetentionPolicy maxRecords(long n, Object original) {
    if (n <= 0) throw invalid(original);
    return new MaxRecords(n);
  }

  private static StreamSqlException invalid(Object value) {
    return new StreamSqlException(
        ErrorCode.INVALID_REQUEST,
        "Invalid retention_policy '" + value + "': use \"forever\", a duration such as \"7d\" (ms|s|m|h|d|w), "
            + "a record count such as 1000000, or a byte size such as \"10GB\" (B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)",
        Map.of("retention_policy", String.valueOf(value)));
  }
}

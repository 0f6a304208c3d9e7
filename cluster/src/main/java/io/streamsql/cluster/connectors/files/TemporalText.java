package io.streamsql.cluster.connectors.files;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;

/**
 * ISO-8601 text for Parquet times and timestamps. The fraction always has the digits of the
 * column's unit (3 for millis, 6 for micros, 9 for nanos), so one column's values line up and no
 * precision is hidden.
 */
final class TemporalText {
  private static final DateTimeFormatter[] TIMES = {time(3), time(6), time(9)};
  private static final DateTimeFormatter[] DATE_TIMES = {dateTime(3), dateTime(6), dateTime(9)};

  private TemporalText() {}

  static String time(long nanosOfDay, TimeUnit unit) {
    return TIMES[index(unit)].format(LocalTime.ofNanoOfDay(nanosOfDay));
  }

  /** {@code utc}: the value is an instant, written with {@code Z}; else a local date-time. */
  static String dateTime(long epochSecond, int nanos, TimeUnit unit, boolean utc) {
    String text = DATE_TIMES[index(unit)].format(LocalDateTime.ofEpochSecond(epochSecond, nanos, ZoneOffset.UTC));
    return utc ? text + "Z" : text;
  }

  static long nanosPer(TimeUnit unit) {
    switch (unit) {
      case MILLIS:
        return 1_000_000L;
      case MICROS:
        return 1_000L;
      default:
        return 1L;
    }
  }

  private static int index(TimeUnit unit) {
    switch (unit) {
      case MILLIS:
        return 0;
      case MICROS:
        return 1;
      default:
        return 2;
    }
  }

  private static DateTimeFormatter time(int digits) {
    return new DateTimeFormatterBuilder()
        .appendPattern("HH:mm:ss")
        .appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, true)
        .toFormatter();
  }

  private static DateTimeFormatter dateTime(int digits) {
    return new DateTimeFormatterBuilder()
        .append(DateTimeFormatter.ISO_LOCAL_DATE)
        .appendLiteral('T')
        .append(time(digits))
        .toFormatter();
  }
}

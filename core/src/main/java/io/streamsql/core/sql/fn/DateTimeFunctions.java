package io.streamsql.core.sql.fn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** ksqlDB's date and time functions (patterns as java.time.format.DateTimeFormatter). */
public final class DateTimeFunctions {
  private DateTimeFunctions() {}

  private static DateTimeFormatter formatter(String pattern) {
    return DateTimePatterns.printer(pattern);
  }

  @Udf(name = "UNIX_TIMESTAMP", description = "Milliseconds since the epoch now.")
  public static Long unixTimestamp() {
    return System.currentTimeMillis();
  }

  @Udf(name = "UNIX_TIMESTAMP", description = "Milliseconds since the epoch of a TIMESTAMP.")
  public static Long unixTimestamp(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  @Udf(name = "UNIX_DATE", description = "Days since the epoch today.")
  public static Integer unixDate() {
    return (int) LocalDate.now(ZoneOffset.UTC).toEpochDay();
  }

  @Udf(name = "UNIX_DATE", description = "Days since the epoch of a DATE.")
  public static Integer unixDate(LocalDate d) {
    return d == null ? null : (int) d.toEpochDay();
  }

  @Udf(name = "FROM_UNIXTIME", description = "The TIMESTAMP of milliseconds since the epoch.")
  public static Instant fromUnixtime(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  @Udf(name = "FROM_DAYS", description = "The DATE of days since the epoch.")
  public static LocalDate fromDays(Integer days) {
    return days == null ? null : LocalDate.ofEpochDay(days);
  }

  @Udf(name = "FORMAT_TIMESTAMP", description = "A TIMESTAMP formatted with a pattern in UTC.")
  public static String formatTimestamp(Instant t, String pattern) {
    return formatTimestamp(t, pattern, "UTC");
  }

  @Udf(name = "FORMAT_TIMESTAMP", description = "A TIMESTAMP formatted with a pattern in a time zone.")
  public static String formatTimestamp(Instant t, String pattern, String tz) {
    if (t == null || pattern == null || tz == null) return null;
    return formatter(pattern).format(t.atZone(ZoneId.of(tz)));
  }

  @Udf(name = "PARSE_TIMESTAMP", description = "A TIMESTAMP parsed with a pattern in UTC (unless the text holds a zone).")
  public static Instant parseTimestamp(String s, String pattern) {
    return parseTimestamp(s, pattern, "UTC");
  }

  @Udf(name = "PARSE_TIMESTAMP", description = "A TIMESTAMP parsed with a pattern in a time zone (unless the text holds one).")
  public static Instant parseTimestamp(String s, String pattern, String tz) {
    if (s == null || pattern == null || tz == null) return null;
    return DateTimePatterns.parseTimestamp(s, pattern, ZoneId.of(tz)).toInstant();
  }

  @Udf(name = "TIMESTAMPTOSTRING", description = "Milliseconds since the epoch formatted with a pattern in UTC.")
  public static String timestampToString(Long millis, String pattern) {
    return timestampToString(millis, pattern, "UTC");
  }

  @Udf(name = "TIMESTAMPTOSTRING", description = "Milliseconds since the epoch formatted with a pattern in a time zone.")
  public static String timestampToString(Long millis, String pattern, String tz) {
    return millis == null ? null : formatTimestamp(Instant.ofEpochMilli(millis), pattern, tz);
  }

  @Udf(name = "STRINGTOTIMESTAMP", description = "Milliseconds since the epoch of a string parsed with a pattern in UTC.")
  public static Long stringToTimestamp(String s, String pattern) {
    return stringToTimestamp(s, pattern, "UTC");
  }

  @Udf(name = "STRINGTOTIMESTAMP", description = "Milliseconds since the epoch of a string parsed with a pattern in a time zone.")
  public static Long stringToTimestamp(String s, String pattern, String tz) {
    Instant t = parseTimestamp(s, pattern, tz);
    return t == null ? null : t.toEpochMilli();
  }

  @Udf(name = "STRINGTODATE", description = "Days since the epoch of a string parsed with a pattern.")
  public static Integer stringToDate(String s, String pattern) {
    LocalDate d = parseDate(s, pattern);
    return d == null ? null : (int) d.toEpochDay();
  }

  @Udf(name = "DATETOSTRING", description = "Days since the epoch formatted with a pattern.")
  public static String dateToString(Integer days, String pattern) {
    return days == null || pattern == null ? null : formatter(pattern).format(LocalDate.ofEpochDay(days));
  }

  @Udf(name = "FORMAT_DATE", description = "A DATE formatted with a pattern.")
  public static String formatDate(LocalDate d, String pattern) {
    return d == null || pattern == null ? null : formatter(pattern).format(d);
  }

  @Udf(name = "PARSE_DATE", description = "A DATE parsed with a pattern.")
  public static LocalDate parseDate(String s, String pattern) {
    if (s == null || pattern == null) return null;
    return DateTimePatterns.parseDate(s, pattern);
  }

  @Udf(name = "FORMAT_TIME", description = "A TIME formatted with a pattern.")
  public static String formatTime(LocalTime t, String pattern) {
    return t == null || pattern == null ? null : formatter(pattern).format(t);
  }

  @Udf(name = "PARSE_TIME", description = "A TIME parsed with a pattern.")
  public static LocalTime parseTime(String s, String pattern) {
    if (s == null || pattern == null) return null;
    return DateTimePatterns.parseTime(s, pattern);
  }

  private static java.util.concurrent.TimeUnit unit(String unit) {
    return java.util.concurrent.TimeUnit.valueOf(unit.toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * The date at its midnight plus some milliseconds, cut back to whole days towards the epoch
   * (not towards the past) as ksqlDB does: 1970-01-05 minus 25 hours is 1970-01-03.
   */
  private static LocalDate shiftDate(LocalDate date, long millis) {
    long shifted = date.toEpochDay() * java.util.concurrent.TimeUnit.DAYS.toMillis(1) + millis;
    return LocalDate.ofEpochDay(java.util.concurrent.TimeUnit.MILLISECONDS.toDays(shifted));
  }

  @Udf(name = "DATEADD", description = "A DATE plus an interval in a unit (DAYS, HOURS, …).")
  public static LocalDate dateAdd(String unit, Integer interval, LocalDate date) {
    if (unit == null || interval == null || date == null) return null;
    return shiftDate(date, unit(unit).toMillis(interval));
  }

  @Udf(name = "DATESUB", description = "A DATE minus an interval in a unit (DAYS, HOURS, …).")
  public static LocalDate dateSub(String unit, Integer interval, LocalDate date) {
    if (unit == null || interval == null || date == null) return null;
    return shiftDate(date, -unit(unit).toMillis(interval));
  }

  @Udf(name = "TIMEADD", description = "A TIME plus an interval in a unit, wrapping around midnight.")
  public static LocalTime timeAdd(String unit, Integer interval, LocalTime time) {
    if (unit == null || interval == null || time == null) return null;
    return time.plusNanos(unit(unit).toNanos(interval));
  }

  @Udf(name = "TIMESUB", description = "A TIME minus an interval in a unit, wrapping around midnight.")
  public static LocalTime timeSub(String unit, Integer interval, LocalTime time) {
    if (unit == null || interval == null || time == null) return null;
    return time.minusNanos(unit(unit).toNanos(interval));
  }

  @Udf(name = "TIMESTAMPADD", description = "A TIMESTAMP plus an interval in a unit.")
  public static Instant timestampAdd(String unit, Long interval, Instant ts) {
    if (unit == null || interval == null || ts == null) return null;
    return ts.plusMillis(unit(unit).toMillis(interval));
  }

  @Udf(name = "TIMESTAMPSUB", description = "A TIMESTAMP minus an interval in a unit.")
  public static Instant timestampSub(String unit, Long interval, Instant ts) {
    if (unit == null || interval == null || ts == null) return null;
    return ts.minusMillis(unit(unit).toMillis(interval));
  }

  @Udf(name = "CONVERT_TZ", description = "A TIMESTAMP moved from one time zone to another.")
  public static Instant convertTz(Instant t, String from, String to) {
    if (t == null || from == null || to == null) return null;
    // As ksqlDB: both zones' offsets are taken at the timestamp's own instant.
    int fromOffset = ZoneId.of(from).getRules().getOffset(t).getTotalSeconds();
    int toOffset = ZoneId.of(to).getRules().getOffset(t).getTotalSeconds();
    return t.plusSeconds(toOffset - fromOffset);
  }
}

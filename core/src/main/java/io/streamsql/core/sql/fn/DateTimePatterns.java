package io.streamsql.core.sql.fn;

import java.text.ParsePosition;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsing with java.time patterns as ksqlDB's date and time functions do: case-insensitive
 * (JAN, pm and a 'z' offset all parse), and fields the pattern leaves out take their value
 * from 1970-01-01T00:00 (a 'MMM-yyyy' date is the first of the month, an 'HH:mm' timestamp
 * is on the epoch day).
 */
final class DateTimePatterns {
  private DateTimePatterns() {}

  private static final ConcurrentHashMap<String, DateTimeFormatter> PARSERS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, DateTimeFormatter> PRINTERS = new ConcurrentHashMap<>();

  /** Date fields applied on top of the epoch day, coarsest first (the year before day 366 of a leap year). */
  private static final List<ChronoField> DATE_FIELDS = List.of(
      ChronoField.YEAR, ChronoField.MONTH_OF_YEAR, ChronoField.DAY_OF_YEAR, ChronoField.DAY_OF_MONTH);

  /** Time fields applied on top of midnight, coarsest first. */
  private static final List<ChronoField> TIME_FIELDS = List.of(
      ChronoField.AMPM_OF_DAY, ChronoField.HOUR_OF_AMPM, ChronoField.HOUR_OF_DAY, ChronoField.MINUTE_OF_HOUR,
      ChronoField.SECOND_OF_MINUTE, ChronoField.NANO_OF_SECOND);

  static DateTimeFormatter printer(String pattern) {
    return PRINTERS.computeIfAbsent(pattern, DateTimeFormatter::ofPattern);
  }

  private static DateTimeFormatter parser(String pattern) {
    return PARSERS.computeIfAbsent(pattern, p -> new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(p)
        .toFormatter(Locale.ROOT));
  }

  /** A timestamp from the whole text; a zone in the text wins over {@code zone}. */
  static ZonedDateTime parseTimestamp(String text, String pattern, ZoneId zone) {
    TemporalAccessor parsed = parser(pattern).parse(text);
    ZoneId parsedZone = parsed.query(TemporalQueries.zone());
    LocalDateTime local = LocalDateTime.of(date(parsed), time(parsed));
    if (parsedZone != null) return local.atZone(parsedZone);
    return local.atZone(zone);
  }

  /**
   * A date from the start of the text (like ksqlDB's PARSE_DATE, text after what the pattern
   * covers is ignored). A pattern with a time of day other than midnight is an error.
   */
  static LocalDate parseDate(String text, String pattern) {
    TemporalAccessor parsed = parser(pattern).parse(text, new ParsePosition(0));
    if (!time(parsed).equals(LocalTime.MIDNIGHT)) throw new IllegalArgumentException("Date format contains time field.");
    return date(parsed);
  }

  /** A time of day from the whole text; a pattern with date fields is an error. */
  static LocalTime parseTime(String text, String pattern) {
    TemporalAccessor parsed = parser(pattern).parse(text);
    if (Arrays.stream(ChronoField.values()).anyMatch(f -> f.isDateBased() && parsed.isSupported(f))) {
      throw new IllegalArgumentException("Time format contains date field.");
    }
    return time(parsed);
  }

  private static LocalDate date(TemporalAccessor parsed) {
    if (parsed.isSupported(ChronoField.EPOCH_DAY)) return LocalDate.ofEpochDay(parsed.getLong(ChronoField.EPOCH_DAY));
    LocalDate date = LocalDate.EPOCH;
    for (ChronoField f : DATE_FIELDS) {
      if (!parsed.isSupported(f)) continue;
      date = date.with(f, parsed.getLong(f));
    }
    return date;
  }

  private static LocalTime time(TemporalAccessor parsed) {
    if (parsed.isSupported(ChronoField.NANO_OF_DAY)) return LocalTime.ofNanoOfDay(parsed.getLong(ChronoField.NANO_OF_DAY));
    LocalTime time = LocalTime.MIDNIGHT;
    for (ChronoField f : TIME_FIELDS) {
      if (parsed.isSupported(f)) time = time.with(f, parsed.getLong(f));
    }
    return time;
  }
}

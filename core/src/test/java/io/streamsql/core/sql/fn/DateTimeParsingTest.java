package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** Patterns parse case-insensitively and missing fields default to 1970-01-01T00:00, as in ksqlDB. */
class DateTimeParsingTest {
  @Test
  void parseDate() {
    assertEquals(LocalDate.ofEpochDay(17662), DateTimeFunctions.parseDate("2018-05-11Lit", "yyyy-MM-dd'Lit'"));
    assertEquals(LocalDate.ofEpochDay(18027), DateTimeFunctions.parseDate("11/05/2019", "dd/MM/yyyy"));
    assertEquals(LocalDate.ofEpochDay(18993), DateTimeFunctions.parseDate("01-Jan-2022", "dd-MMM-yyyy"));
    assertEquals(LocalDate.ofEpochDay(18993), DateTimeFunctions.parseDate("01-JAN-2022", "dd-MMM-yyyy"));
    assertEquals(LocalDate.ofEpochDay(18993), DateTimeFunctions.parseDate("JAN-2022", "MMM-yyyy"));
    assertEquals(LocalDate.of(2020, 1, 1), DateTimeFunctions.parseDate("2020", "yyyy"));
    assertEquals(18027, DateTimeFunctions.stringToDate("11/05/2019", "dd/MM/yyyy"));
    assertThrows(IllegalArgumentException.class, () -> DateTimeFunctions.parseDate("2020-01-01 10", "yyyy-MM-dd HH"));
    assertNull(DateTimeFunctions.parseDate(null, "yyyy"));
  }

  @Test
  void parseTime() {
    assertEquals(LocalTime.ofSecondOfDay(65), DateTimeFunctions.parseTime("00:01:05Lit", "HH:mm:ss'Lit'"));
    assertEquals(LocalTime.ofNanoOfDay(39919000L * 1_000_000), DateTimeFunctions.parseTime("11/05/19", "HH/mm/ss"));
    assertEquals(LocalTime.of(13, 0), DateTimeFunctions.parseTime("01:00:00 PM", "hh:mm:ss a"));
    assertEquals(LocalTime.of(13, 0), DateTimeFunctions.parseTime("01:00:00 Pm", "hh:mm:ss a"));
    assertEquals(LocalTime.of(10, 0), DateTimeFunctions.parseTime("10", "HH"));
    assertThrows(RuntimeException.class, () -> DateTimeFunctions.parseTime("2020-01-01 10:00", "yyyy-MM-dd HH:mm"));
  }

  @Test
  void parseTimestamp() {
    String iso = "yyyy-MM-dd'T'HH:mm:ssX";
    assertEquals(1526075913000L, DateTimeFunctions.stringToTimestamp("2018-05-11T21:58:33Z", iso));
    assertEquals(1589234313000L, DateTimeFunctions.stringToTimestamp("2020-05-11T21:58:33z", iso));
    assertEquals(Instant.ofEpochMilli(1526101113000L), DateTimeFunctions.parseTimestamp("2018-05-11T21:58:33 PST", "yyyy-MM-dd'T'HH:mm:ss zzz"));
    assertEquals(Instant.ofEpochMilli(1526075913000L), DateTimeFunctions.parseTimestamp("2018-05-11T21:58:33", "yyyy-MM-dd'T'HH:mm:ss"));
    assertEquals(Instant.parse("2018-05-11T19:58:33Z"),
        DateTimeFunctions.parseTimestamp("2018-05-11T21:58:33", "yyyy-MM-dd'T'HH:mm:ss", "Europe/Paris"));
    // Fields left out take the epoch's: a time alone is on 1970-01-01, a month alone starts on its first day at midnight.
    assertEquals(Instant.parse("1970-01-01T13:30:00Z"), DateTimeFunctions.parseTimestamp("01:30 pm", "hh:mm a"));
    assertEquals(Instant.parse("2021-03-01T00:00:00Z"), DateTimeFunctions.parseTimestamp("2021-03", "yyyy-MM"));
    assertEquals(Instant.parse("2020-12-31T00:00:00Z"), DateTimeFunctions.parseTimestamp("2020-366", "yyyy-DDD"));
    assertNull(DateTimeFunctions.parseTimestamp("2021-03", "yyyy-MM", null));
  }
}

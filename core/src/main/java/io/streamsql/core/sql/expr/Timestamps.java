package io.streamsql.core.sql.expr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** ksqlDB's text forms of TIMESTAMP values: ISO-8601 in UTC with milliseconds. */
public final class Timestamps {
  private Timestamps() {}

  public static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd")
      .optionalStart().appendLiteral('T').appendPattern("HH:mm")
      .optionalStart().appendPattern(":ss").optionalEnd()
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalEnd()
      .optionalStart().appendOffsetId().optionalEnd()
      .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
      .toFormatter();

  public static Instant parseIso(String text) {
    var parsed = LENIENT.parse(text);
    LocalDateTime local = LocalDateTime.of(LocalDate.from(parsed), java.time.LocalTime.of(
        parsed.get(ChronoField.HOUR_OF_DAY), parsed.isSupported(ChronoField.MINUTE_OF_HOUR) ? parsed.get(ChronoField.MINUTE_OF_HOUR) : 0,
        parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0,
        parsed.isSupported(ChronoField.NANO_OF_SECOND) ? parsed.get(ChronoField.NANO_OF_SECOND) : 0));
    ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
        ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
    return local.toInstant(offset);
  }

  /**
   * ksqlDB compares ROWTIME with a string by reading the string as a time: a prefix of
   * yyyy-MM-ddTHH:mm:ss.SSS with an optional zone offset (Z, +hh, +hhmm, +hh:mm), in UTC otherwise.
   */
  public static long parseRowtimeText(String text) {
    String t = text.trim();
    String offset = "Z";
    int tPos = t.indexOf('T');
    if (tPos > 0) {
      String time = t.substring(tPos + 1);
      int z = Math.max(Math.max(time.lastIndexOf('+'), time.lastIndexOf('-')), time.lastIndexOf('Z'));
      if (z >= 0) {
        offset = time.substring(z);
        t = t.substring(0, tPos + 1 + z);
      }
    }
    String[] datePart = t.split("T", 2);
    String date = datePart[0];
    if (date.length() == 4) date += "-01-01";
    else if (date.length() == 7) date += "-01";
    String time = datePart.length > 1 ? datePart[1] : "00:00:00";
    if (time.length() == 2) time += ":00:00";
    else if (time.length() == 5) time += ":00";
    if (!offset.equals("Z")) {
      String digits = offset.substring(1).replace(":", "");
      if (digits.length() == 2) digits += "00";
      offset = offset.charAt(0) + digits.substring(0, 2) + ":" + digits.substring(2);
    }
    return java.time.OffsetDateTime.parse(date + "T" + time + offset).toInstant().toEpochMilli();
  }

  /** A string literal compared with ROWTIME becomes its epoch millis; anything else is unchanged. */
  static CompiledExpr rowtimeOperand(CompiledExpr e) {
    if (!io.streamsql.core.sql.SqlTypes.isBase(e.type(), io.streamsql.core.sql.SqlType.Base.STRING)) return e;
    Eval inner = e.eval();
    return new CompiledExpr(io.streamsql.core.sql.SqlTypes.BIGINT, row -> {
      Object v = inner.eval(row);
      return v == null ? null : parseRowtimeText((String) v);
    }, e.text());
  }

  public static String format(Instant t) {
    return ISO_MILLIS.format(t);
  }
}

package io.streamsql.core.format;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A declared column type of a CSV file, and how a field's text becomes that type's JSON value.
 * {@code precision}/{@code scale} are used by DECIMAL only.
 */
public record CsvColumnType(Kind kind, int precision, int scale) {
  public enum Kind { STRING, INT, BIGINT, DOUBLE, DECIMAL, BOOLEAN, DATE, TIMESTAMP }

  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

  public static final CsvColumnType STRING = new CsvColumnType(Kind.STRING, 0, 0);
  public static final CsvColumnType BIGINT = new CsvColumnType(Kind.BIGINT, 0, 0);
  public static final CsvColumnType DOUBLE = new CsvColumnType(Kind.DOUBLE, 0, 0);
  public static final CsvColumnType BOOLEAN = new CsvColumnType(Kind.BOOLEAN, 0, 0);

  /** Parses a type name ({@code VARCHAR}, {@code INTEGER}, {@code DECIMAL(10,2)}, …); null when unknown. */
  public static CsvColumnType parse(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    Matcher m = DECIMAL.matcher(t);
    if (m.matches()) {
      int precision = Integer.parseInt(m.group(1));
      int scale = Integer.parseInt(m.group(2));
      if (precision < 1 || scale > precision) return null;
      return new CsvColumnType(Kind.DECIMAL, precision, scale);
    }
    return switch (t) {
      case "STRING", "VARCHAR", "TEXT" -> STRING;
      case "INT", "INTEGER" -> new CsvColumnType(Kind.INT, 0, 0);
      case "BIGINT", "LONG" -> BIGINT;
      case "DOUBLE", "FLOAT", "REAL" -> DOUBLE;
      case "BOOLEAN", "BOOL" -> BOOLEAN;
      case "DATE" -> new CsvColumnType(Kind.DATE, 0, 0);
      case "TIMESTAMP" -> new CsvColumnType(Kind.TIMESTAMP, 0, 0);
      default -> null;
    };
  }

  /** The SQL name of the type, as file tables describe their columns. */
  public String sqlName() {
    return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
  }

  /**
   * Writes {@code text} as this type's JSON value.
   *
   * @throws IllegalArgumentException with the reason when the text is not a value of this type
   */
  public void write(JsonGenerator out, String text) throws IOException {
    String v = text.trim();
    switch (kind) {
      case STRING -> out.writeString(text);
      case INT -> out.writeNumber(integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case BIGINT -> out.writeNumber(integer(v, Long.MIN_VALUE, Long.MAX_VALUE));
      case DOUBLE -> out.writeNumber(finiteDouble(v));
      case DECIMAL -> out.writeNumber(decimal(v));
      case BOOLEAN -> out.writeBoolean(bool(v));
      case DATE -> out.writeString(date(v));
      case TIMESTAMP -> out.writeString(timestamp(v));
    }
  }

  private long integer(String v, long min, long max) {
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) throw new IllegalArgumentException("is out of the range of " + sqlName());
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("is not an integer");
    }
  }

  private static double finiteDouble(String v) {
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) throw new IllegalArgumentException("is not a finite number");
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("is not a number");
    }
  }

  private BigDecimal decimal(String v) {
    BigDecimal d;
    try {
      d = new BigDecimal(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("is not a decimal number");
    }
    BigDecimal scaled;
    try {
      scaled = d.setScale(scale, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("has more than " + scale + " digits after the point");
    }
    if (scaled.precision() - scaled.scale() > precision - scale) {
      throw new IllegalArgumentException("has more than " + (precision - scale) + " digits before the point");
    }
    return scaled;
  }

  private static boolean bool(String v) {
    if (v.equalsIgnoreCase("true")) return true;
    if (v.equalsIgnoreCase("false")) return false;
    throw new IllegalArgumentException("is not true or false");
  }

  private static String date(String v) {
    try {
      return LocalDate.parse(v).toString();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("is not a date (yyyy-MM-dd)");
    }
  }

  /** ISO-8601 with an offset stays as given (normalized); without one it is a local date-time. */
  private static String timestamp(String v) {
    String iso = v.indexOf('T') < 0 && v.length() > 10 ? v.replaceFirst(" ", "T") : v;
    try {
      return OffsetDateTime.parse(iso).toString();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(iso).toString();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("is not a timestamp (yyyy-MM-ddTHH:mm:ss[.fff][offset])");
      }
    }
  }
}

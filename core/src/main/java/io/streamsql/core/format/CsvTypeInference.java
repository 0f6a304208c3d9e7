package io.streamsql.core.format;

import java.util.regex.Pattern;

/**
 * Infers a CSV column's type from its values, one value at a time: a column whose every value
 * is an integer is BIGINT, a number DOUBLE, {@code true}/{@code false} BOOLEAN, anything else
 * STRING. Integers with leading zeros ({@code 007}, zip codes) are text.
 */
public final class CsvTypeInference {
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,18})");
  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private CsvColumnType inferred;

  /** The type of one value by itself: BIGINT, DOUBLE, BOOLEAN or STRING. */
  public static CsvColumnType classify(String text) {
    if (INTEGER.matcher(text).matches()) {
      try {
        Long.parseLong(text);
        return CsvColumnType.BIGINT;
      } catch (NumberFormatException tooLong) {
        return CsvColumnType.DOUBLE;
      }
    }
    if (NUMBER.matcher(text).matches() && Double.isFinite(Double.parseDouble(text))) return CsvColumnType.DOUBLE;
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) return CsvColumnType.BOOLEAN;
    return CsvColumnType.STRING;
  }

  /** Widens the column's type to take a value of type {@code t}. */
  public void observe(CsvColumnType t) {
    if (inferred == null || inferred.equals(t)) {
      inferred = t;
    } else if (isNumber(inferred) && isNumber(t)) {
      inferred = CsvColumnType.DOUBLE;
    } else {
      inferred = CsvColumnType.STRING;
    }
  }

  private static boolean isNumber(CsvColumnType t) {
    return t.kind() == CsvColumnType.Kind.BIGINT || t.kind() == CsvColumnType.Kind.DOUBLE;
  }

  /** The type so far; STRING for a column with no value yet. */
  public CsvColumnType type() {
    return inferred == null ? CsvColumnType.STRING : inferred;
  }
}

package io.streamsql.core.format;

/**
 * Infers a CSV column's type from its values, one value at a time: a column whose every value
 * is an integer is BIGINT, a number DOUBLE, {@code true}/{@code false} BOOLEAN, anything else
 * STRING. Integers with leading zeros ({@code 007}, zip codes) are text.
 */
public final class CsvTypeInference {
  private CsvColumnType inferred;

  /**
   * The type of one value by itself: BIGINT, DOUBLE, BOOLEAN or STRING. A hand-written scan, not
   * a regular expression: it runs for every field of a file.
   */
  public static CsvColumnType classify(String text) {
    int n = text.length();
    int i = n > 0 && text.charAt(0) == '-' ? 1 : 0;
    int intStart = i;
    while (i < n && isDigit(text.charAt(i))) i++;
    int intDigits = i - intStart;
    if (intDigits == 0) return isBoolean(text) ? CsvColumnType.BOOLEAN : CsvColumnType.STRING;
    if (intDigits > 1 && text.charAt(intStart) == '0') return CsvColumnType.STRING;
    if (i == n) {
      if (intDigits <= 18) return CsvColumnType.BIGINT;
      try {
        Long.parseLong(text);
        return CsvColumnType.BIGINT;
      } catch (NumberFormatException tooLong) {
        return CsvColumnType.DOUBLE;
      }
    }
    if (text.charAt(i) == '.') {
      int fractionStart = ++i;
      while (i < n && isDigit(text.charAt(i))) i++;
      if (i == fractionStart) return CsvColumnType.STRING;
    }
    boolean exponent = false;
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      exponent = true;
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) i++;
      int expStart = i;
      while (i < n && isDigit(text.charAt(i))) i++;
      if (i == expStart) return CsvColumnType.STRING;
    }
    if (i != n) return CsvColumnType.STRING;
    return !exponent || Double.isFinite(Double.parseDouble(text)) ? CsvColumnType.DOUBLE : CsvColumnType.STRING;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isBoolean(String text) {
    return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
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

package io.streamsql.core.sql.fn;

/**
 * Replaces characters by class: upper-case letters, lower-case letters, digits and everything
 * else each get their own mask character (ksqlDB's defaults: X, x, n and -). A null mask
 * argument leaves that class of character unmasked.
 */
final class Masker {
  private static final int UNMASKED = -1;
  static final Masker DEFAULT = new Masker('X', 'x', 'n', '-');

  private final int upper;
  private final int lower;
  private final int digit;
  private final int other;

  private Masker(int upper, int lower, int digit, int other) {
    this.upper = upper;
    this.lower = lower;
    this.digit = digit;
    this.other = other;
  }

  /** A masker from the four optional one-character mask arguments. */
  static Masker of(String upper, String lower, String digit, String other) {
    return new Masker(maskChar(upper), maskChar(lower), maskChar(digit), maskChar(other));
  }

  private static int maskChar(String mask) {
    if (mask == null) return UNMASKED;
    if (mask.codePointCount(0, mask.length()) != 1) {
      throw new IllegalArgumentException("Invalid mask character. Must be only single character, but was '" + mask + "'");
    }
    return mask.codePointAt(0);
  }

  String mask(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> out.appendCodePoint(maskOf(c)));
    return out.toString();
  }

  private int maskOf(int c) {
    int mask = switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER -> upper;
      case Character.LOWERCASE_LETTER -> lower;
      case Character.DECIMAL_DIGIT_NUMBER -> digit;
      default -> other;
    };
    return mask == UNMASKED ? c : mask;
  }

  /** The number of characters to mask or keep, which ksqlDB requires to be given and non-negative. */
  static int count(String function, Integer n) {
    if (n == null || n < 0) {
      throw new IllegalArgumentException("function " + function + " requires a non-negative number of characters to mask or skip");
    }
    return n;
  }
}

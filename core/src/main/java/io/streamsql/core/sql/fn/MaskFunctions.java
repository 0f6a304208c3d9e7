package io.streamsql.core.sql.fn;

/**
 * ksqlDB's MASK family: characters replaced by class (see {@link Masker}), either the whole
 * string or only its first/last n characters, or all but its first/last n.
 */
public final class MaskFunctions {
  private MaskFunctions() {}

  @Udf(name = "MASK", description = "The string with upper-case letters as X, lower-case as x, digits as n and other characters as -.")
  public static String mask(String s) {
    return s == null ? null : Masker.DEFAULT.mask(s);
  }

  @Udf(name = "MASK", description = "The string masked with the given upper, lower, digit and other mask characters (null: leave unmasked).")
  public static String mask(String s, String upper, String lower, String digit, String other) {
    Masker masker = Masker.of(upper, lower, digit, other);
    return s == null ? null : masker.mask(s);
  }

  @Udf(name = "MASK_LEFT", description = "The string with its first n characters masked by default rules.")
  public static String maskLeft(String s, Integer n) {
    return maskLeft(s, n, Masker.DEFAULT);
  }

  @Udf(name = "MASK_LEFT", description = "The string with its first n characters masked with the given mask characters.")
  public static String maskLeft(String s, Integer n, String upper, String lower, String digit, String other) {
    return maskLeft(s, n, Masker.of(upper, lower, digit, other));
  }

  private static String maskLeft(String s, Integer n, Masker masker) {
    int count = Masker.count("mask_left", n);
    if (s == null) return null;
    int split = Math.min(count, s.length());
    return masker.mask(s.substring(0, split)) + s.substring(split);
  }

  @Udf(name = "MASK_RIGHT", description = "The string with its last n characters masked by default rules.")
  public static String maskRight(String s, Integer n) {
    return maskRight(s, n, Masker.DEFAULT);
  }

  @Udf(name = "MASK_RIGHT", description = "The string with its last n characters masked with the given mask characters.")
  public static String maskRight(String s, Integer n, String upper, String lower, String digit, String other) {
    return maskRight(s, n, Masker.of(upper, lower, digit, other));
  }

  private static String maskRight(String s, Integer n, Masker masker) {
    int count = Masker.count("mask_right", n);
    if (s == null) return null;
    int split = Math.max(s.length() - count, 0);
    return s.substring(0, split) + masker.mask(s.substring(split));
  }

  @Udf(name = "MASK_KEEP_LEFT", description = "The string masked by default rules except its first n characters.")
  public static String maskKeepLeft(String s, Integer n) {
    return maskKeepLeft(s, n, Masker.DEFAULT);
  }

  @Udf(name = "MASK_KEEP_LEFT", description = "The string masked with the given mask characters except its first n characters.")
  public static String maskKeepLeft(String s, Integer n, String upper, String lower, String digit, String other) {
    return maskKeepLeft(s, n, Masker.of(upper, lower, digit, other));
  }

  private static String maskKeepLeft(String s, Integer n, Masker masker) {
    int count = Masker.count("mask_keep_left", n);
    if (s == null) return null;
    int split = Math.min(count, s.length());
    return s.substring(0, split) + masker.mask(s.substring(split));
  }

  @Udf(name = "MASK_KEEP_RIGHT", description = "The string masked by default rules except its last n characters.")
  public static String maskKeepRight(String s, Integer n) {
    return maskKeepRight(s, n, Masker.DEFAULT);
  }

  @Udf(name = "MASK_KEEP_RIGHT", description = "The string masked with the given mask characters except its last n characters.")
  public static String maskKeepRight(String s, Integer n, String upper, String lower, String digit, String other) {
    return maskKeepRight(s, n, Masker.of(upper, lower, digit, other));
  }

  private static String maskKeepRight(String s, Integer n, Masker masker) {
    int count = Masker.count("mask_keep_right", n);
    if (s == null) return null;
    int split = Math.max(s.length() - count, 0);
    return masker.mask(s.substring(0, split)) + s.substring(split);
  }
}

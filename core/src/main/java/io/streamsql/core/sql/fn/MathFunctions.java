package io.streamsql.core.sql.fn;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.ThreadLocalRandom;

/** ksqlDB's numeric functions. */
public final class MathFunctions {
  private MathFunctions() {}

  @Udf(name = "ABS", description = "The absolute value.")
  public static Integer abs(Integer v) {
    return v == null ? null : Math.abs(v);
  }

  @Udf(name = "ABS", description = "The absolute value.")
  public static Long abs(Long v) {
    return v == null ? null : Math.abs(v);
  }

  @Udf(name = "ABS", description = "The absolute value.")
  public static Double abs(Double v) {
    return v == null ? null : Math.abs(v);
  }

  @Udf(name = "ABS", description = "The absolute value.")
  public static BigDecimal abs(BigDecimal v) {
    return v == null ? null : v.abs();
  }

  @Udf(name = "CEIL", description = "The smallest integral value not below the argument.")
  public static Integer ceil(Integer v) {
    return v;
  }

  @Udf(name = "CEIL", description = "The smallest integral value not below the argument.")
  public static Long ceil(Long v) {
    return v;
  }

  @Udf(name = "CEIL", description = "The smallest integral value not below the argument.")
  public static Double ceil(Double v) {
    return v == null ? null : Math.ceil(v);
  }

  @Udf(name = "CEIL", description = "The smallest integral value not below the argument.")
  public static BigDecimal ceil(BigDecimal v) {
    return v == null ? null : v.setScale(0, RoundingMode.CEILING).setScale(v.scale());
  }

  @Udf(name = "FLOOR", description = "The largest integral value not above the argument.")
  public static Integer floor(Integer v) {
    return v;
  }

  @Udf(name = "FLOOR", description = "The largest integral value not above the argument.")
  public static Long floor(Long v) {
    return v;
  }

  @Udf(name = "FLOOR", description = "The largest integral value not above the argument.")
  public static Double floor(Double v) {
    return v == null ? null : Math.floor(v);
  }

  @Udf(name = "FLOOR", description = "The largest integral value not above the argument.")
  public static BigDecimal floor(BigDecimal v) {
    return v == null ? null : v.setScale(0, RoundingMode.FLOOR).setScale(v.scale());
  }

  @Udf(name = "ROUND", description = "The value rounded half up to an integer.")
  public static Integer round(Integer v) {
    return v;
  }

  @Udf(name = "ROUND", description = "The value rounded half up to an integer.")
  public static Long round(Long v) {
    return v;
  }

  @Udf(name = "ROUND", description = "The value rounded half up to an integer.")
  public static Long round(Double v) {
    return v == null ? null : Math.round(v);
  }

  @Udf(name = "ROUND", description = "The value rounded half up to a number of decimal places.")
  public static Double round(Double v, Integer places) {
    if (v == null || places == null) return null;
    return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).doubleValue();
  }

  @Udf(name = "ROUND", description = "The value rounded half up to an integer.")
  public static BigDecimal round(BigDecimal v) {
    return v == null ? null : v.setScale(0, RoundingMode.HALF_UP).setScale(v.scale());
  }

  @Udf(name = "ROUND", description = "The value rounded half up to a number of decimal places.")
  public static BigDecimal round(BigDecimal v, Integer places) {
    if (v == null || places == null) return null;
    return v.setScale(places, RoundingMode.HALF_UP).setScale(v.scale(), RoundingMode.HALF_UP);
  }

  @Udf(name = "SIGN", description = "-1, 0 or 1 by the sign of the value.")
  public static Integer sign(Double v) {
    return v == null ? null : (int) Math.signum(v);
  }

  @Udf(name = "SQRT", description = "The square root.")
  public static Double sqrt(Double v) {
    return v == null ? null : Math.sqrt(v);
  }

  @Udf(name = "EXP", description = "e raised to the value.")
  public static Double exp(Double v) {
    return v == null ? null : Math.exp(v);
  }

  @Udf(name = "LN", description = "The natural logarithm.")
  public static Double ln(Double v) {
    return v == null ? null : Math.log(v);
  }

  @Udf(name = "LOG", description = "The logarithm to a base.")
  public static Double log(Double base, Double v) {
    return v == null || base == null ? null : Math.log(v) / Math.log(base);
  }

  @Udf(name = "POWER", description = "The base raised to the exponent.")
  public static Double power(Double base, Double exponent) {
    return base == null || exponent == null ? null : Math.pow(base, exponent);
  }

  @Udf(name = "RANDOM", description = "A random DOUBLE in [0, 1).")
  public static Double random() {
    return ThreadLocalRandom.current().nextDouble();
  }

  @Udf(name = "GEO_DISTANCE", description = "The great-circle distance in km between two lat/lon points.")
  public static Double geoDistance(Double lat1, Double lon1, Double lat2, Double lon2) {
    return geoDistance(lat1, lon1, lat2, lon2, "KM");
  }

  @Udf(name = "GEO_DISTANCE", description = "The great-circle distance between two lat/lon points in KM or MI.")
  public static Double geoDistance(Double lat1, Double lon1, Double lat2, Double lon2, String unit) {
    if (lat1 == null || lon1 == null || lat2 == null || lon2 == null || unit == null) return null;
    String u = unit.toLowerCase(java.util.Locale.ROOT);
    double radius = switch (u) {
      case "km", "kilometers", "kilometres" -> 6371;
      case "mi", "miles" -> 3959;
      default -> throw new IllegalArgumentException("GEO_DISTANCE unit must be KM or MI, got " + unit);
    };
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
    return radius * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }
}

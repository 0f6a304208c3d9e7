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

  // ksqlDB rounds halves towards positive infinity for every type (ROUND(-1.5) = -1), as
  // Math.round does; BigDecimal has no such mode, so the mode depends on the sign.
  private static RoundingMode halfTowardsPositive(BigDecimal v) {
    return v.signum() > 0 ? RoundingMode.HALF_UP : RoundingMode.HALF_DOWN;
  }

  // INT overloads of ROUND, TRUNC and SIGN match INT arguments exactly, so they never tie with
  // the DECIMAL or DOUBLE overloads an INT could also widen to.
  @Udf(name = "ROUND", description = "The value as a BIGINT.")
  public static Long round(Integer v) {
    return v == null ? null : v.longValue();
  }

  @Udf(name = "ROUND", description = "The value rounded to an integer; halves round towards positive infinity.")
  public static Long round(Long v) {
    return v;
  }

  @Udf(name = "ROUND", description = "The value rounded to an integer; halves round towards positive infinity.")
  public static Long round(Double v) {
    return v == null ? null : Math.round(v);
  }

  @Udf(name = "ROUND", description = "The value rounded to a number of decimal places (negative: left of the point); halves round towards positive infinity.")
  public static Double round(Double v, Integer places) {
    if (v == null || places == null) return null;
    BigDecimal d = BigDecimal.valueOf(v);
    return d.setScale(places, halfTowardsPositive(d)).doubleValue();
  }

  @Udf(name = "ROUND", description = "The value rounded to an integer; halves round towards positive infinity.", returns = "DECIMAL(P-S,0)")
  public static BigDecimal round(BigDecimal v) {
    return v == null ? null : v.setScale(0, halfTowardsPositive(v));
  }

  @Udf(name = "ROUND", description = "The value rounded to a number of decimal places, keeping its type's scale; halves round towards positive infinity.")
  public static BigDecimal round(BigDecimal v, Integer places) {
    if (v == null || places == null) return null;
    return v.setScale(places, halfTowardsPositive(v)).setScale(v.scale(), RoundingMode.UNNECESSARY);
  }

  @Udf(name = "TRUNC", description = "The value as a BIGINT.")
  public static Long trunc(Integer v) {
    return v == null ? null : v.longValue();
  }

  @Udf(name = "TRUNC", description = "The value with its fraction dropped (rounded towards zero).")
  public static Long trunc(Long v) {
    return v;
  }

  @Udf(name = "TRUNC", description = "The value with its fraction dropped (rounded towards zero).")
  public static Long trunc(Double v) {
    return v == null ? null : v.longValue();
  }

  @Udf(name = "TRUNC", description = "The value truncated to a number of decimal places (negative: left of the point).")
  public static Double trunc(Double v, Integer places) {
    if (v == null || places == null) return null;
    return BigDecimal.valueOf(v).setScale(places, RoundingMode.DOWN).doubleValue();
  }

  @Udf(name = "TRUNC", description = "The value with its fraction dropped (rounded towards zero).", returns = "DECIMAL(P-S,0)")
  public static BigDecimal trunc(BigDecimal v) {
    return v == null ? null : v.setScale(0, RoundingMode.DOWN);
  }

  @Udf(name = "TRUNC", description = "The value truncated to a number of decimal places, keeping its type's scale.")
  public static BigDecimal trunc(BigDecimal v, Integer places) {
    if (v == null || places == null) return null;
    return v.setScale(places, RoundingMode.DOWN).setScale(v.scale(), RoundingMode.UNNECESSARY);
  }

  @Udf(name = "SIGN", description = "-1, 0 or 1 by the sign of the value.")
  public static Integer sign(Integer v) {
    return v == null ? null : Integer.signum(v);
  }

  @Udf(name = "SIGN", description = "-1, 0 or 1 by the sign of the value.")
  public static Integer sign(Long v) {
    return v == null ? null : Long.signum(v);
  }

  @Udf(name = "SIGN", description = "-1, 0 or 1 by the sign of the value.")
  public static Integer sign(Double v) {
    return v == null ? null : (int) Math.signum(v);
  }

  @Udf(name = "SQRT", description = "The square root.")
  public static Double sqrt(Double v) {
    return v == null ? null : Math.sqrt(v);
  }

  @Udf(name = "CBRT", description = "The cube root.")
  public static Double cbrt(Double v) {
    return v == null ? null : Math.cbrt(v);
  }

  @Udf(name = "EXP", description = "e raised to the value.")
  public static Double exp(Double v) {
    return v == null ? null : Math.exp(v);
  }

  @Udf(name = "LN", description = "The natural logarithm.")
  public static Double ln(Double v) {
    return v == null ? null : Math.log(v);
  }

  @Udf(name = "LOG", description = "The natural logarithm.")
  public static Double log(Double v) {
    return v == null ? null : Math.log(v);
  }

  @Udf(name = "LOG", description = "The logarithm to a base; NaN when the base is not positive or is 1.")
  public static Double log(Double base, Double v) {
    if (v == null || base == null) return null;
    if (base <= 0 || base == 1) return Double.NaN;
    return Math.log(v) / Math.log(base);
  }

  @Udf(name = "POWER", description = "The base raised to the exponent.")
  public static Double power(Double base, Double exponent) {
    return base == null || exponent == null ? null : Math.pow(base, exponent);
  }

  @Udf(name = "RANDOM", description = "A random DOUBLE in [0, 1).")
  public static Double random() {
    return ThreadLocalRandom.current().nextDouble();
  }

  @Udf(name = "GEO_DISTANCE", description = "The great-circle distance in km between two (lat, lon) points in degrees.")
  public static Double geoDistance(Double lat1, Double lon1, Double lat2, Double lon2) {
    return geoDistance(lat1, lon1, lat2, lon2, null);
  }

  @Udf(name = "GEO_DISTANCE", description = "The great-circle distance between two (lat, lon) points in degrees, in KM (the default when null or empty) or MI.")
  public static Double geoDistance(Double lat1, Double lon1, Double lat2, Double lon2, String unit) {
    if (lat1 == null || lon1 == null || lat2 == null || lon2 == null) return null;
    return GeoDistance.haversine(lat1, lon1, lat2, lon2, GeoDistance.earthRadius(unit));
  }
}

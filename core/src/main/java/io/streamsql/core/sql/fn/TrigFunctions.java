package io.streamsql.core.sql.fn;

/**
 * ksqlDB's trigonometric and hyperbolic functions and the degree/radian conversions. Angles are
 * in radians. INT, BIGINT and DECIMAL arguments widen to DOUBLE, as ksqlDB converts them.
 */
public final class TrigFunctions {
  private TrigFunctions() {}

  @Udf(name = "SIN", description = "The sine of a value in radians.")
  public static Double sin(Double v) {
    return v == null ? null : Math.sin(v);
  }

  @Udf(name = "COS", description = "The cosine of a value in radians.")
  public static Double cos(Double v) {
    return v == null ? null : Math.cos(v);
  }

  @Udf(name = "TAN", description = "The tangent of a value in radians.")
  public static Double tan(Double v) {
    return v == null ? null : Math.tan(v);
  }

  @Udf(name = "COT", description = "The cotangent of a value in radians (1 / TAN; infinite at 0).")
  public static Double cot(Double v) {
    return v == null ? null : 1 / Math.tan(v);
  }

  @Udf(name = "ASIN", description = "The inverse (arc) sine in radians; NaN outside [-1, 1].")
  public static Double asin(Double v) {
    return v == null ? null : Math.asin(v);
  }

  @Udf(name = "ACOS", description = "The inverse (arc) cosine in radians; NaN outside [-1, 1].")
  public static Double acos(Double v) {
    return v == null ? null : Math.acos(v);
  }

  @Udf(name = "ATAN", description = "The inverse (arc) tangent in radians.")
  public static Double atan(Double v) {
    return v == null ? null : Math.atan(v);
  }

  @Udf(name = "ATAN2", description = "The inverse (arc) tangent of y / x: the angle theta of the point (x, y) in polar coordinates.")
  public static Double atan2(Double y, Double x) {
    return y == null || x == null ? null : Math.atan2(y, x);
  }

  @Udf(name = "SINH", description = "The hyperbolic sine.")
  public static Double sinh(Double v) {
    return v == null ? null : Math.sinh(v);
  }

  @Udf(name = "COSH", description = "The hyperbolic cosine.")
  public static Double cosh(Double v) {
    return v == null ? null : Math.cosh(v);
  }

  @Udf(name = "TANH", description = "The hyperbolic tangent.")
  public static Double tanh(Double v) {
    return v == null ? null : Math.tanh(v);
  }

  @Udf(name = "DEGREES", description = "A value in radians converted to degrees.")
  public static Double degrees(Double radians) {
    return radians == null ? null : Math.toDegrees(radians);
  }

  @Udf(name = "RADIANS", description = "A value in degrees converted to radians.")
  public static Double radians(Double degrees) {
    return degrees == null ? null : Math.toRadians(degrees);
  }

  @Udf(name = "PI", description = "An approximate value of pi.")
  public static Double pi() {
    return Math.PI;
  }
}

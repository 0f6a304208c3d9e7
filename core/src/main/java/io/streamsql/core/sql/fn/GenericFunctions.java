package io.streamsql.core.sql.fn;

import io.streamsql.core.sql.expr.Comparisons;

/** Functions over any type: null handling, GREATEST/LEAST and AS_VALUE. */
public final class GenericFunctions {
  private GenericFunctions() {}

  @Udf(name = "COALESCE", description = "The first non-null argument.", returns = "T")
  public static Object coalesce(Object first, Object... others) {
    if (first != null) return first;
    for (Object o : others) if (o != null) return o;
    return null;
  }

  @Udf(name = "IFNULL", description = "The first argument, or the second when it is null.", returns = "T")
  public static Object ifnull(Object value, Object alternative) {
    return value != null ? value : alternative;
  }

  @Udf(name = "NULLIF", description = "Null when both arguments are equal, else the first.", returns = "T")
  public static Object nullif(Object a, Object b) {
    return a != null && b != null && Comparisons.equal(a, b) ? null : a;
  }

  @Udf(name = "GREATEST", description = "The greatest non-null argument.", returns = "T")
  public static Object greatest(Object first, Object... others) {
    Object best = first;
    for (Object o : others) if (o != null && (best == null || Comparisons.compare(o, best) > 0)) best = o;
    return best;
  }

  @Udf(name = "LEAST", description = "The least non-null argument.", returns = "T")
  public static Object least(Object first, Object... others) {
    Object best = first;
    for (Object o : others) if (o != null && (best == null || Comparisons.compare(o, best) < 0)) best = o;
    return best;
  }

  @Udf(name = "AS_VALUE", description = "The argument; copies a key column into the value.", returns = "T")
  public static Object asValue(Object v) {
    return v;
  }
}

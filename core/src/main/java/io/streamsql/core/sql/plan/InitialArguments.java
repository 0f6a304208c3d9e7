package io.streamsql.core.sql.plan;

import java.math.BigDecimal;

/** Converts a literal initial argument of an aggregate (TOPK's k) to the Java type its factory takes. */
final class InitialArguments {
  private InitialArguments() {}

  /** The value as {@code type}, or null when it cannot be one. */
  static Object convert(Object value, Class<?> type) {
    if (value == null) return null;
    if (type.isInstance(value)) return value;
    if ((type == int.class || type == Integer.class) && value instanceof Number n && n.longValue() == n.intValue()) return n.intValue();
    if ((type == long.class || type == Long.class) && value instanceof Number n) return n.longValue();
    if ((type == double.class || type == Double.class) && value instanceof Number n) return n.doubleValue();
    if (type == BigDecimal.class && value instanceof Number n) return new BigDecimal(n.toString());
    if ((type == boolean.class || type == Boolean.class) && value instanceof Boolean b) return b;
    if (type == String.class && value instanceof String s) return s;
    return null;
  }
}

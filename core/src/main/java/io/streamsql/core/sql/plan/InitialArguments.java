package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.fn.AggregateRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Converts a literal initial argument of an aggregate (TOPK's k) to the Java type its factory takes. */
final class InitialArguments {
  private InitialArguments() {}

  /**
   * Resolves an aggregate call with its literal initial arguments converted to each factory's Java
   * parameter types (an INT literal for a long k, …; the trailing ones of a varargs factory to its
   * component type); null when no overload takes them.
   */
  static AggregateRegistry.Resolved resolve(AggregateRegistry registry, String name, List<SqlType> columnTypes, List<Object> literals) {
    for (AggregateRegistry.Overload o : registry.all().getOrDefault(name.toUpperCase(Locale.ROOT), List.of())) {
      if (!o.takesColumns(columnTypes.size())) continue;
      List<Object> converted = new ArrayList<>();
      boolean ok = true;
      for (int i = 0; i < literals.size() && ok; i++) {
        Class<?> type = AggregateRegistry.initialArgumentType(o.factory(), i);
        Object v = type == null ? null : convert(literals.get(i), type);
        if (type == null || v == null && literals.get(i) != null) ok = false;
        converted.add(v);
      }
      if (!ok) continue;
      AggregateRegistry.Resolved r = registry.resolve(name, columnTypes, converted);
      if (r != null) return r;
    }
    return null;
  }

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

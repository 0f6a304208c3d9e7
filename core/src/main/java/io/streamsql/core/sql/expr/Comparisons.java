package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.math.BigDecimal;
import java.util.Objects;

/** Comparison of two values of compatible types; null when either side is null. */
public final class Comparisons {
  private Comparisons() {}

  /** The type both sides are compared as, or null when they cannot be compared. */
  public static SqlType comparisonType(SqlType l, SqlType r) {
    if (SqlTypes.isNull(l)) return r;
    if (SqlTypes.isNull(r)) return l;
    if (SqlTypes.isNumeric(l) && SqlTypes.isNumeric(r)) return SqlTypes.widerNumber(l, r);
    if (l.equals(r)) return l;
    if (isTemporal(l) && SqlTypes.isBase(r, SqlType.Base.STRING)) return l;
    if (isTemporal(r) && SqlTypes.isBase(l, SqlType.Base.STRING)) return r;
    if (SqlTypes.isBase(l, SqlType.Base.TIMESTAMP) && SqlTypes.isBase(r, SqlType.Base.DATE)
        || SqlTypes.isBase(r, SqlType.Base.TIMESTAMP) && SqlTypes.isBase(l, SqlType.Base.DATE)) {
      return SqlTypes.TIMESTAMP;
    }
    if (l instanceof SqlType.Struct a && r instanceof SqlType.Struct b) return commonStruct(a, b);
    if (l instanceof SqlType.Array && r instanceof SqlType.Array || l instanceof SqlType.Map && r instanceof SqlType.Map) {
      return SqlTypes.common(java.util.List.of(l, r));
    }
    return null;
  }

  /** Structs with the same field names compare field by field, each as the wider of the two types. */
  private static SqlType commonStruct(SqlType.Struct a, SqlType.Struct b) {
    if (a.fields().size() != b.fields().size()) return null;
    java.util.List<SqlType.Field> fields = new java.util.ArrayList<>();
    for (SqlType.Field f : a.fields()) {
      SqlType.Field g = b.fields().stream().filter(x -> x.name().equals(f.name())).findFirst().orElse(null);
      if (g == null) return null;
      SqlType t = SqlTypes.isNull(f.type()) ? g.type() : SqlTypes.isNull(g.type()) ? f.type() : SqlTypes.common(java.util.List.of(f.type(), g.type()));
      if (t == null) return null;
      fields.add(new SqlType.Field(f.name(), t));
    }
    return new SqlType.Struct(fields);
  }

  static boolean isTemporal(SqlType t) {
    return SqlTypes.isBase(t, SqlType.Base.TIMESTAMP) || SqlTypes.isBase(t, SqlType.Base.DATE) || SqlTypes.isBase(t, SqlType.Base.TIME);
  }

  /** Whether values of this type have an order (not only equality). */
  public static boolean isOrdered(SqlType t) {
    return !(t instanceof SqlType.Array || t instanceof SqlType.Map || t instanceof SqlType.Struct || SqlTypes.isBase(t, SqlType.Base.BOOLEAN));
  }

  /** An evaluator of {@code expr} converted to the comparison type. */
  public static Eval operand(CompiledExpr expr, SqlType as) {
    boolean textAsTime = SqlTypes.isBase(expr.type(), SqlType.Base.STRING) && isTemporal(as);
    boolean dateAsTimestamp = SqlTypes.isBase(as, SqlType.Base.TIMESTAMP) && SqlTypes.isBase(expr.type(), SqlType.Base.DATE);
    if (!textAsTime && !dateAsTimestamp) return Coercions.widen(expr, as);
    var cast = Casts.converter(expr.type(), as);
    Eval inner = expr.eval();
    return row -> {
      Object v = inner.eval(row);
      return v == null ? null : cast.apply(v);
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) return x.compareTo(y);
    if (a instanceof Comparable x) return x.compareTo(b);
    throw new IllegalArgumentException("values are not ordered: " + a.getClass().getSimpleName());
  }

  public static boolean equal(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) return x.compareTo(y) == 0;
    if (a instanceof java.util.Map<?, ?> x && b instanceof java.util.Map<?, ?> y) {
      if (x.size() != y.size()) return false;
      for (var e : x.entrySet()) {
        if (!y.containsKey(e.getKey())) return false;
        Object v = y.get(e.getKey());
        if (e.getValue() == null ? v != null : v == null || !equal(e.getValue(), v)) return false;
      }
      return true;
    }
    if (a instanceof java.util.List<?> x && b instanceof java.util.List<?> y) {
      if (x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) {
        Object p = x.get(i);
        Object q = y.get(i);
        if (p == null ? q != null : q == null || !equal(p, q)) return false;
      }
      return true;
    }
    return Objects.equals(a, b);
  }
}

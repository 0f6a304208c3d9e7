package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Implicit widening of values (INT → BIGINT → DECIMAL → DOUBLE, element-wise in collections). */
public final class Coercions {
  private Coercions() {}

  /** An evaluator producing {@code expr}'s value as type {@code to}; {@code expr} itself when nothing changes. */
  public static Eval widen(CompiledExpr expr, SqlType to) {
    UnaryOperator<Object> f = converter(expr.type(), to);
    if (f == null) return expr.eval();
    Eval inner = expr.eval();
    return row -> {
      Object v = inner.eval(row);
      return v == null ? null : f.apply(v);
    };
  }

  /** The conversion of non-null values from one type to a wider one, or null for none needed. */
  public static UnaryOperator<Object> converter(SqlType from, SqlType to) {
    if (from.equals(to) || SqlTypes.isNull(from)) return null;
    if (to instanceof SqlType.Decimal d) {
      return v -> toDecimal(v, d.scale());
    }
    if (SqlTypes.isBase(to, SqlType.Base.DOUBLE)) return v -> ((Number) v).doubleValue();
    if (SqlTypes.isBase(to, SqlType.Base.BIGINT)) return v -> ((Number) v).longValue();
    if (from instanceof SqlType.Array a && to instanceof SqlType.Array b) {
      UnaryOperator<Object> e = converter(a.element(), b.element());
      if (e == null) return null;
      return v -> {
        List<?> in = (List<?>) v;
        List<Object> out = new ArrayList<>(in.size());
        for (Object x : in) out.add(x == null ? null : e.apply(x));
        return out;
      };
    }
    if (from instanceof SqlType.Map a && to instanceof SqlType.Map b) {
      UnaryOperator<Object> k = converter(a.key(), b.key());
      UnaryOperator<Object> val = converter(a.value(), b.value());
      if (k == null && val == null) return null;
      return v -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> en : ((Map<?, ?>) v).entrySet()) {
          Object key = en.getKey() == null || k == null ? en.getKey() : k.apply(en.getKey());
          Object value = en.getValue() == null || val == null ? en.getValue() : val.apply(en.getValue());
          out.put(key, value);
        }
        return out;
      };
    }
    if (from instanceof SqlType.Struct a && to instanceof SqlType.Struct b) {
      java.util.Map<String, UnaryOperator<Object>> fields = new LinkedHashMap<>();
      boolean any = false;
      for (SqlType.Field f : a.fields()) {
        SqlType target = b.fields().stream().filter(x -> x.name().equals(f.name())).map(SqlType.Field::type).findFirst().orElse(f.type());
        UnaryOperator<Object> c = converter(f.type(), target);
        fields.put(f.name(), c);
        any |= c != null;
      }
      if (!any) return null;
      return v -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          UnaryOperator<Object> c = fields.get((String) e.getKey());
          out.put((String) e.getKey(), e.getValue() == null || c == null ? e.getValue() : c.apply(e.getValue()));
        }
        return out;
      };
    }
    return null;
  }

  public static BigDecimal toDecimal(Object v, int scale) {
    BigDecimal d;
    if (v instanceof BigDecimal b) d = b;
    else if (v instanceof Double x) d = BigDecimal.valueOf(x);
    else d = BigDecimal.valueOf(((Number) v).longValue());
    return d.setScale(scale, RoundingMode.HALF_UP);
  }
}

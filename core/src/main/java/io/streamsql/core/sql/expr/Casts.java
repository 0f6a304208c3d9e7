package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** {@code CAST(x AS type)}: which casts exist, and the conversion of non-null values. */
public final class Casts {
  private Casts() {}

  /** The conversion, or null when ksqlDB does not allow this cast. */
  public static UnaryOperator<Object> converter(SqlType from, SqlType to) {
    if (SqlTypes.isNull(from) || from.equals(to)) return v -> v;
    if (SqlTypes.isBase(to, SqlType.Base.STRING)) {
      if (SqlTypes.isBase(from, SqlType.Base.BYTES)) return null;
      return ValueText::toText;
    }
    if (SqlTypes.isNumeric(to)) {
      if (SqlTypes.isNumeric(from)) return v -> toNumber((Number) v, to);
      if (SqlTypes.isBase(from, SqlType.Base.STRING)) return v -> toNumber(new BigDecimal(((String) v).trim()), to);
      return null;
    }
    if (SqlTypes.isBase(to, SqlType.Base.BOOLEAN)) {
      if (SqlTypes.isBase(from, SqlType.Base.STRING)) return v -> parseBoolean((String) v);
      return null;
    }
    if (SqlTypes.isBase(to, SqlType.Base.DATE)) {
      if (SqlTypes.isBase(from, SqlType.Base.STRING)) return v -> LocalDate.parse(((String) v).trim());
      if (SqlTypes.isBase(from, SqlType.Base.TIMESTAMP)) return v -> LocalDate.ofInstant((Instant) v, ZoneOffset.UTC);
      return null;
    }
    if (SqlTypes.isBase(to, SqlType.Base.TIME)) {
      if (SqlTypes.isBase(from, SqlType.Base.STRING)) return v -> LocalTime.parse(((String) v).trim());
      if (SqlTypes.isBase(from, SqlType.Base.TIMESTAMP)) return v -> LocalTime.ofInstant((Instant) v, ZoneOffset.UTC);
      return null;
    }
    if (SqlTypes.isBase(to, SqlType.Base.TIMESTAMP)) {
      if (SqlTypes.isBase(from, SqlType.Base.STRING)) return v -> Timestamps.parseIso(((String) v).trim());
      if (SqlTypes.isBase(from, SqlType.Base.DATE)) return v -> ((LocalDate) v).atStartOfDay(ZoneOffset.UTC).toInstant();
      return null;
    }
    if (SqlTypes.isBase(to, SqlType.Base.BYTES)) return null;
    if (from instanceof SqlType.Array a && to instanceof SqlType.Array b) {
      UnaryOperator<Object> e = converter(a.element(), b.element());
      if (e == null) return null;
      return v -> {
        List<Object> out = new ArrayList<>();
        for (Object x : (List<?>) v) out.add(x == null ? null : e.apply(x));
        return out;
      };
    }
    if (from instanceof SqlType.Map a && to instanceof SqlType.Map b) {
      UnaryOperator<Object> k = converter(a.key(), b.key());
      UnaryOperator<Object> val = converter(a.value(), b.value());
      if (k == null || val == null) return null;
      return v -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> en : ((Map<?, ?>) v).entrySet()) {
          out.put(en.getKey() == null ? null : k.apply(en.getKey()), en.getValue() == null ? null : val.apply(en.getValue()));
        }
        return out;
      };
    }
    if (from instanceof SqlType.Struct a && to instanceof SqlType.Struct b) {
      return v -> {
        Map<?, ?> in = (Map<?, ?>) v;
        Map<String, Object> out = new LinkedHashMap<>();
        for (SqlType.Field f : b.fields()) {
          SqlType.Field source = a.fields().stream().filter(x -> x.name().equals(f.name())).findFirst().orElse(null);
          Object x = source == null ? null : in.get(f.name());
          UnaryOperator<Object> c = source == null ? null : converter(source.type(), f.type());
          out.put(f.name(), x == null || c == null ? null : c.apply(x));
        }
        return out;
      };
    }
    return null;
  }

  static Boolean parseBoolean(String s) {
    // ksqlDB accepts any prefix of true/yes and false/no, in any case.
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    if (!t.isEmpty() && ("true".startsWith(t) || "yes".startsWith(t))) return true;
    if (!t.isEmpty() && ("false".startsWith(t) || "no".startsWith(t))) return false;
    throw new IllegalArgumentException("Cannot cast '" + s + "' to BOOLEAN");
  }

  static Object toNumber(Number n, SqlType to) {
    if (to instanceof SqlType.Decimal d) {
      BigDecimal b = n instanceof BigDecimal x ? x : n instanceof Double || n instanceof Float
          ? BigDecimal.valueOf(n.doubleValue()) : BigDecimal.valueOf(n.longValue());
      BigDecimal scaled = b.setScale(d.scale(), RoundingMode.HALF_UP);
      if (scaled.precision() > d.precision() && scaled.signum() != 0) {
        throw new ArithmeticException("Numeric field overflow: value " + b + " does not fit " + to.sql());
      }
      return scaled;
    }
    return switch (((SqlType.Primitive) to).base()) {
      case INT -> n instanceof BigDecimal b && b.scale() <= 0 ? (Object) b.intValueExact() : (Object) n.intValue();
      case BIGINT -> n instanceof BigDecimal b && b.scale() <= 0 ? (Object) b.longValueExact() : (Object) n.longValue();
      default -> n.doubleValue();
    };
  }
}

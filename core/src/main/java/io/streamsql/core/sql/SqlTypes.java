package io.streamsql.core.sql;

import java.util.List;

/**
 * Constants and the widening rules of ksqlDB's type system: INT widens to BIGINT, BIGINT to
 * DECIMAL, and every number to DOUBLE; NULL converts to anything.
 */
public final class SqlTypes {
  public static final SqlType BOOLEAN = new SqlType.Primitive(SqlType.Base.BOOLEAN);
  public static final SqlType INT = new SqlType.Primitive(SqlType.Base.INT);
  public static final SqlType BIGINT = new SqlType.Primitive(SqlType.Base.BIGINT);
  public static final SqlType DOUBLE = new SqlType.Primitive(SqlType.Base.DOUBLE);
  public static final SqlType STRING = new SqlType.Primitive(SqlType.Base.STRING);
  public static final SqlType BYTES = new SqlType.Primitive(SqlType.Base.BYTES);
  public static final SqlType DATE = new SqlType.Primitive(SqlType.Base.DATE);
  public static final SqlType TIME = new SqlType.Primitive(SqlType.Base.TIME);
  public static final SqlType TIMESTAMP = new SqlType.Primitive(SqlType.Base.TIMESTAMP);
  public static final SqlType NULL = new SqlType.Null();

  private SqlTypes() {}

  public static boolean isBase(SqlType t, SqlType.Base base) {
    return t instanceof SqlType.Primitive p && p.base() == base;
  }

  public static boolean isNumeric(SqlType t) {
    return t instanceof SqlType.Decimal || isBase(t, SqlType.Base.INT) || isBase(t, SqlType.Base.BIGINT)
        || isBase(t, SqlType.Base.DOUBLE);
  }

  public static boolean isNull(SqlType t) {
    return t instanceof SqlType.Null;
  }

  /** The precision and scale an integer type converts to as a DECIMAL. */
  public static SqlType.Decimal asDecimal(SqlType t) {
    if (t instanceof SqlType.Decimal d) return d;
    if (isBase(t, SqlType.Base.INT)) return new SqlType.Decimal(10, 0);
    if (isBase(t, SqlType.Base.BIGINT)) return new SqlType.Decimal(19, 0);
    throw new IllegalArgumentException("not an exact number: " + t.sql());
  }

  /** INT and BIGINT as the DECIMAL they widen to; other types unchanged. */
  public static SqlType asDecimalOrSelf(SqlType t) {
    return isBase(t, SqlType.Base.INT) || isBase(t, SqlType.Base.BIGINT) ? asDecimal(t) : t;
  }

  private static int rank(SqlType t) {
    if (isBase(t, SqlType.Base.INT)) return 1;
    if (isBase(t, SqlType.Base.BIGINT)) return 2;
    if (t instanceof SqlType.Decimal) return 3;
    if (isBase(t, SqlType.Base.DOUBLE)) return 4;
    return 0;
  }

  /** The wider of two numeric types, as arithmetic and comparisons use it. */
  public static SqlType widerNumber(SqlType a, SqlType b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra == 3 && rb == 3) {
      SqlType.Decimal x = (SqlType.Decimal) a;
      SqlType.Decimal y = (SqlType.Decimal) b;
      int scale = Math.max(x.scale(), y.scale());
      int integral = Math.max(x.precision() - x.scale(), y.precision() - y.scale());
      return new SqlType.Decimal(Math.min(38, integral + scale), scale);
    }
    if (ra == 3 && rb < 3) return widerNumber(a, asDecimal(b));
    if (rb == 3 && ra < 3) return widerNumber(asDecimal(a), b);
    return ra >= rb ? a : b;
  }

  /** Whether a value of type {@code from} may be used where {@code to} is expected without a CAST. */
  public static boolean canWiden(SqlType from, SqlType to) {
    if (isNull(from) || from.equals(to)) return true;
    if (to instanceof SqlType.Decimal && (isBase(from, SqlType.Base.INT) || isBase(from, SqlType.Base.BIGINT) || from instanceof SqlType.Decimal)) {
      return true;
    }
    if (isNumeric(from) && isNumeric(to)) return rank(from) < rank(to) && rank(to) != 3;
    if (from instanceof SqlType.Array a && to instanceof SqlType.Array b) return canWiden(a.element(), b.element());
    if (from instanceof SqlType.Map a && to instanceof SqlType.Map b) return canWiden(a.key(), b.key()) && canWiden(a.value(), b.value());
    return false;
  }

  /** The common type of several expressions (CASE branches, array elements, IN lists), or null if none. */
  public static SqlType common(List<SqlType> types) {
    SqlType result = NULL;
    for (SqlType t : types) {
      if (isNull(t)) continue;
      if (isNull(result)) {
        result = t;
      } else if (isNumeric(result) && isNumeric(t)) {
        result = widerNumber(result, t);
      } else if (result instanceof SqlType.Array a && t instanceof SqlType.Array b) {
        SqlType e = common(List.of(a.element(), b.element()));
        if (e == null) return null;
        result = new SqlType.Array(e);
      } else if (result instanceof SqlType.Map a && t instanceof SqlType.Map b) {
        SqlType k = common(List.of(a.key(), b.key()));
        SqlType v = common(List.of(a.value(), b.value()));
        if (k == null || v == null) return null;
        result = new SqlType.Map(k, v);
      } else if (!result.equals(t)) {
        return null;
      }
    }
    return result;
  }
}

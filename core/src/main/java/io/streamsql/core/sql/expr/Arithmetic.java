package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * {@code + - * / %} with ksqlDB's typing: the wider operand type, Java's overflow behaviour for
 * INT and BIGINT, ksqlDB's precision and scale rules for DECIMAL; null in, null out.
 */
public final class Arithmetic {
  private Arithmetic() {}

  public static SqlType resultType(char op, SqlType l, SqlType r) {
    SqlType wide = SqlTypes.widerNumber(l, r);
    if (!(wide instanceof SqlType.Decimal) || SqlTypes.isBase(l, SqlType.Base.DOUBLE) || SqlTypes.isBase(r, SqlType.Base.DOUBLE)) {
      return wide;
    }
    SqlType.Decimal a = SqlTypes.asDecimal(l);
    SqlType.Decimal b = SqlTypes.asDecimal(r);
    int p1 = a.precision(), s1 = a.scale(), p2 = b.precision(), s2 = b.scale();
    int precision, scale;
    switch (op) {
      case '+', '-' -> {
        scale = Math.max(s1, s2);
        precision = Math.max(p1 - s1, p2 - s2) + scale + 1;
      }
      case '*' -> {
        precision = p1 + p2 + 1;
        scale = s1 + s2;
      }
      case '/' -> {
        scale = Math.max(6, s1 + p2 + 1);
        precision = p1 - s1 + s2 + scale;
      }
      default -> {
        scale = Math.max(s1, s2);
        precision = Math.min(p1 - s1, p2 - s2) + scale;
      }
    }
    if (precision > 38) {
      scale = Math.max(0, scale - (precision - 38));
      precision = 38;
    }
    return new SqlType.Decimal(Math.max(precision, 1), Math.min(scale, Math.max(precision, 1)));
  }

  public static Eval compile(char op, CompiledExpr l, CompiledExpr r, SqlType type) {
    Eval a = Coercions.widen(l, type);
    Eval b = Coercions.widen(r, type);
    if (type instanceof SqlType.Decimal d) {
      MathContext mc = new MathContext(d.precision(), RoundingMode.HALF_UP);
      return row -> {
        BigDecimal x = (BigDecimal) a.eval(row);
        if (x == null) return null;
        BigDecimal y = (BigDecimal) b.eval(row);
        if (y == null) return null;
        BigDecimal result = switch (op) {
          case '+' -> x.add(y);
          case '-' -> x.subtract(y);
          case '*' -> x.multiply(y);
          case '/' -> x.divide(y, d.scale(), RoundingMode.HALF_UP);
          default -> x.remainder(y);
        };
        return result.setScale(d.scale(), RoundingMode.HALF_UP).round(mc);
      };
    }
    SqlType.Base base = ((SqlType.Primitive) type).base();
    return switch (base) {
      case INT -> row -> {
        Integer x = (Integer) a.eval(row);
        if (x == null) return null;
        Integer y = (Integer) b.eval(row);
        if (y == null) return null;
        return switch (op) {
          case '+' -> x + y;
          case '-' -> x - y;
          case '*' -> x * y;
          case '/' -> x / y;
          default -> x % y;
        };
      };
      case BIGINT -> row -> {
        Long x = (Long) a.eval(row);
        if (x == null) return null;
        Long y = (Long) b.eval(row);
        if (y == null) return null;
        return switch (op) {
          case '+' -> x + y;
          case '-' -> x - y;
          case '*' -> x * y;
          case '/' -> x / y;
          default -> x % y;
        };
      };
      default -> row -> {
        Double x = (Double) a.eval(row);
        if (x == null) return null;
        Double y = (Double) b.eval(row);
        if (y == null) return null;
        return switch (op) {
          case '+' -> x + y;
          case '-' -> x - y;
          case '*' -> x * y;
          case '/' -> x / y;
          default -> x % y;
        };
      };
    };
  }

  public static Eval negate(CompiledExpr e) {
    Eval inner = e.eval();
    return row -> {
      Object v = inner.eval(row);
      if (v == null) return null;
      if (v instanceof Integer i) return -i;
      if (v instanceof Long l) return -l;
      if (v instanceof Double d) return -d;
      return ((BigDecimal) v).negate();
    };
  }
}

package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.BinaryOperator;

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
    BinaryOperator<Object> f = operator(op, type);
    // Null in, null out; the operator itself is chosen once, here.
    return row -> {
      Object x = a.eval(row);
      if (x == null) return null;
      Object y = b.eval(row);
      return y == null ? null : f.apply(x, y);
    };
  }

  /**
   * Arithmetic in a lambda body: ksqlDB compiles lambdas to Java code that unboxes the operands, so
   * a null operand throws and the whole function call (TRANSFORM, FILTER, REDUCE) fails and its
   * column is null (logged), where outside lambdas the arithmetic itself is null.
   */
  public static Eval compileInLambda(char op, CompiledExpr l, CompiledExpr r, SqlType type, String text) {
    Eval a = Coercions.widen(l, type);
    Eval b = Coercions.widen(r, type);
    BinaryOperator<Object> f = operator(op, type);
    return row -> {
      Object x = a.eval(row);
      Object y = b.eval(row);
      if (x == null || y == null) throw new NullPointerException("null operand of " + text + " in a lambda");
      return f.apply(x, y);
    };
  }

  private static BinaryOperator<Object> operator(char op, SqlType type) {
    if (type instanceof SqlType.Decimal d) {
      MathContext mc = new MathContext(d.precision(), RoundingMode.HALF_UP);
      BinaryOperator<BigDecimal> raw = switch (op) {
        case '+' -> BigDecimal::add;
        case '-' -> BigDecimal::subtract;
        case '*' -> BigDecimal::multiply;
        case '/' -> (x, y) -> x.divide(y, d.scale(), RoundingMode.HALF_UP);
        default -> BigDecimal::remainder;
      };
      return (x, y) -> raw.apply((BigDecimal) x, (BigDecimal) y).setScale(d.scale(), RoundingMode.HALF_UP).round(mc);
    }
    return switch (((SqlType.Primitive) type).base()) {
      case INT -> switch (op) {
        case '+' -> (x, y) -> (Integer) x + (Integer) y;
        case '-' -> (x, y) -> (Integer) x - (Integer) y;
        case '*' -> (x, y) -> (Integer) x * (Integer) y;
        case '/' -> (x, y) -> (Integer) x / (Integer) y;
        default -> (x, y) -> (Integer) x % (Integer) y;
      };
      case BIGINT -> switch (op) {
        case '+' -> (x, y) -> (Long) x + (Long) y;
        case '-' -> (x, y) -> (Long) x - (Long) y;
        case '*' -> (x, y) -> (Long) x * (Long) y;
        case '/' -> (x, y) -> (Long) x / (Long) y;
        default -> (x, y) -> (Long) x % (Long) y;
      };
      default -> switch (op) {
        case '+' -> (x, y) -> (Double) x + (Double) y;
        case '-' -> (x, y) -> (Double) x - (Double) y;
        case '*' -> (x, y) -> (Double) x * (Double) y;
        case '/' -> (x, y) -> (Double) x / (Double) y;
        default -> (x, y) -> (Double) x % (Double) y;
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

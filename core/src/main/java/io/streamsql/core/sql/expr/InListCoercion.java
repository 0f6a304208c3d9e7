package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser.*;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The type an IN predicate compares as, resolved as ksqlDB resolves a user-supplied list: the
 * value's type first, then each item in order may widen it. Literals coerce laxly (a number
 * literal to a STRING, a numeric string literal to a number, which may widen INT to BIGINT or a
 * DECIMAL), other expressions only strictly (numeric widening). Constructors are resolved element
 * by element against the type so far, so {@code ARRAY['3', null]} is an ARRAY<BIGINT> against an
 * ARRAY<BIGINT>, and a STRUCT constructor adds its fields to the struct type (missing ones are
 * null). Failures read as ksqlDB's: "operator does not exist: T = S (item)" with its hint, or
 * "invalid input syntax for type T: "text"." for a string literal that is not such a value.
 */
final class InListCoercion {
  private static final String HINT = "\nHint: You might need to add explicit type casts.";

  private final ExpressionCompiler compiler;
  private final Scope scope;

  InListCoercion(ExpressionCompiler compiler, Scope scope) {
    this.compiler = compiler;
    this.scope = scope;
  }

  /** A planning failure; its message is ksqlDB's text without the "Invalid Predicate: " prefix. */
  static class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** The common type of the value (type {@code start}) and the items, or NULL when all are null. */
  SqlType commonType(SqlType start, List<ExpressionContext> items) {
    return elements(start, items);
  }

  private SqlType resolve(ExpressionContext e, SqlType type, SqlType target) {
    if (SqlTypes.isNull(target)) return type;
    if (SqlTypes.isNull(type)) return target;
    PrimaryExpressionContext p = KsqlText.primary(e);
    if (p instanceof ArrayConstructorContext a) {
      if (!(target instanceof SqlType.Array t)) throw mismatch(e, type, target);
      return new SqlType.Array(nested(e, type, target, () -> elements(t.element(), a.expression())));
    }
    if (p instanceof MapConstructorContext m) {
      if (!(target instanceof SqlType.Map t)) throw mismatch(e, type, target);
      List<ExpressionContext> keys = new ArrayList<>();
      List<ExpressionContext> values = new ArrayList<>();
      for (int i = 0; i + 1 < m.expression().size(); i += 2) {
        keys.add(m.expression(i));
        values.add(m.expression(i + 1));
      }
      return nested(e, type, target, () -> new SqlType.Map(elements(t.key(), keys), elements(t.value(), values)));
    }
    if (p instanceof StructConstructorContext s) {
      if (!(target instanceof SqlType.Struct t)) throw mismatch(e, type, target);
      return nested(e, type, target, () -> struct(s, t));
    }
    if (p instanceof LiteralExpressionContext l && l.literal() instanceof StringLiteralContext str) {
      String text = SourceStatements.unquoteString(str.STRING().getText());
      if (SqlTypes.isNumeric(target)) return numberFromText(text, target);
      if (SqlTypes.isBase(target, SqlType.Base.BOOLEAN)) {
        if (parsesAsBoolean(text)) return target;
        throw invalidSyntax(text, target);
      }
    }
    boolean literal = p instanceof LiteralExpressionContext;
    SqlType common = canCoerce(type, target, literal);
    if (common == null) common = canCoerce(target, type, literal);
    if (common == null) throw mismatch(e, type, target);
    return common;
  }

  /** A constructor whose elements do not fit is reported as the constructor's own mismatch. */
  private SqlType nested(ExpressionContext e, SqlType type, SqlType target, java.util.function.Supplier<SqlType> resolution) {
    try {
      return resolution.get();
    } catch (Mismatch inner) {
      throw mismatch(e, type, target);
    }
  }

  /** The type so far ({@code target}) widened by each item in order. */
  private SqlType elements(SqlType target, List<ExpressionContext> items) {
    SqlType common = target;
    for (ExpressionContext item : items) common = resolve(item, compiler.compile(item, scope).type(), common);
    return common;
  }

  /** The constructor's fields, then the target's others; a field in both takes their common type. */
  private SqlType struct(StructConstructorContext s, SqlType.Struct target) {
    Map<String, SqlType> fields = new LinkedHashMap<>();
    for (int i = 0; i < s.identifier().size(); i++) {
      String name = SourceStatements.identifier(s.identifier(i));
      ExpressionContext value = s.expression(i);
      SqlType own = compiler.compile(value, scope).type();
      SqlType theirs = target.fields().stream().filter(f -> f.name().equals(name)).map(SqlType.Field::type).findFirst().orElse(null);
      fields.put(name, theirs == null ? own : resolve(value, own, theirs));
    }
    for (SqlType.Field f : target.fields()) fields.putIfAbsent(f.name(), f.type());
    return new SqlType.Struct(fields.entrySet().stream().map(x -> new SqlType.Field(x.getKey(), x.getValue())).toList());
  }

  /** ksqlDB's value coercer: which type holds both, strict for expressions, lax for literals. */
  static SqlType canCoerce(SqlType from, SqlType to, boolean lax) {
    if (SqlTypes.isNumeric(from) && SqlTypes.isNumeric(to)) {
      if (rank(from) > rank(to)) return null;
      if (to instanceof SqlType.Decimal) return SqlTypes.widerNumber(from, to);
      return to;
    }
    if (from instanceof SqlType.Primitive a && to instanceof SqlType.Primitive b && a.base() == b.base()) return to;
    boolean fromText = SqlTypes.isBase(from, SqlType.Base.STRING);
    if (fromText && (Comparisons.isTemporal(to) || SqlTypes.isBase(to, SqlType.Base.BYTES))) return to;
    if (from instanceof SqlType.Array a && to instanceof SqlType.Array b) {
      SqlType e = canCoerce(a.element(), b.element(), lax);
      return e == null ? null : new SqlType.Array(e);
    }
    if (from instanceof SqlType.Map a && to instanceof SqlType.Map b) {
      SqlType k = canCoerce(a.key(), b.key(), lax);
      SqlType v = canCoerce(a.value(), b.value(), lax);
      return k == null || v == null ? null : new SqlType.Map(k, v);
    }
    if (from instanceof SqlType.Struct a && to instanceof SqlType.Struct b) {
      Map<String, SqlType> fields = new LinkedHashMap<>();
      for (SqlType.Field f : a.fields()) fields.put(f.name(), f.type());
      for (SqlType.Field f : b.fields()) {
        SqlType mine = fields.get(f.name());
        SqlType common = mine == null ? f.type() : canCoerce(mine, f.type(), lax);
        if (common == null) return null;
        fields.put(f.name(), common);
      }
      return new SqlType.Struct(fields.entrySet().stream().map(x -> new SqlType.Field(x.getKey(), x.getValue())).toList());
    }
    if (!lax) return null;
    boolean toText = SqlTypes.isBase(to, SqlType.Base.STRING);
    if (toText && (SqlTypes.isNumeric(from) || SqlTypes.isBase(from, SqlType.Base.BOOLEAN) || Comparisons.isTemporal(from))) return to;
    if (fromText && (SqlTypes.isNumeric(to) || SqlTypes.isBase(to, SqlType.Base.BOOLEAN))) return to;
    return null;
  }

  private static int rank(SqlType t) {
    if (SqlTypes.isBase(t, SqlType.Base.INT)) return 1;
    if (SqlTypes.isBase(t, SqlType.Base.BIGINT)) return 2;
    if (t instanceof SqlType.Decimal) return 3;
    return 4;
  }

  /** A numeric string literal against a number: the type of the number it spells, widened with the target. */
  private static SqlType numberFromText(String text, SqlType target) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.trim());
    } catch (NumberFormatException notANumber) {
      throw invalidSyntax(text, target);
    }
    SqlType spelled = spelledType(text, value);
    if (SqlTypes.isBase(spelled, SqlType.Base.DOUBLE) || SqlTypes.isBase(target, SqlType.Base.DOUBLE)) return SqlTypes.DOUBLE;
    if (spelled instanceof SqlType.Decimal || target instanceof SqlType.Decimal) return SqlTypes.widerNumber(spelled, target);
    return rank(spelled) <= rank(target) ? target : spelled;
  }

  private static SqlType spelledType(String text, BigDecimal value) {
    boolean pointOrExponent = text.contains(".") || text.contains("e") || text.contains("E");
    if (!pointOrExponent && value.scale() == 0) {
      BigInteger i = value.toBigIntegerExact();
      if (i.compareTo(BigInteger.valueOf(Integer.MIN_VALUE)) > 0 && i.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) < 0) {
        return SqlTypes.INT;
      }
      if (i.compareTo(BigInteger.valueOf(Long.MIN_VALUE)) > 0 && i.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) < 0) {
        return SqlTypes.BIGINT;
      }
    }
    int scale = Math.max(value.scale(), 0);
    return new SqlType.Decimal(Math.max(value.precision(), scale), scale);
  }

  private static boolean parsesAsBoolean(String text) {
    try {
      return Casts.parseBoolean(text.trim()) != null;
    } catch (RuntimeException notABoolean) {
      return false;
    }
  }

  private static Failure invalidSyntax(String text, SqlType target) {
    String base = target instanceof SqlType.Decimal ? "DECIMAL" : target.sql();
    return new Failure("invalid input syntax for type " + base + ": \"" + text + "\".");
  }

  /** Raised inside a constructor so that the constructor, not its element, is named. */
  private static final class Mismatch extends Failure {
    Mismatch(String message) {
      super(message);
    }
  }

  private static Mismatch mismatch(ExpressionContext e, SqlType type, SqlType target) {
    return new Mismatch("operator does not exist: " + target.sql() + " = " + type.sql() + " (" + KsqlText.of(e) + ")" + HINT);
  }
}

package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.antlr.v4.runtime.ParserRuleContext;

/**
 * GREATEST and LEAST resolve as ksqlDB's do: every argument must have the same type (no implicit
 * widening between INT and BIGINT: that is ambiguous), except that text converts to a DATE, TIME
 * or TIMESTAMP when the other arguments have that type.
 */
final class GreatestLeast {
  private GreatestLeast() {}

  static List<CompiledExpr> prepare(String name, List<CompiledExpr> args, ParserRuleContext ctx) {
    SqlType target = null;
    boolean ambiguous = false;
    for (CompiledExpr a : args) {
      SqlType t = a.type();
      if (SqlTypes.isNull(t) || SqlTypes.isBase(t, SqlType.Base.STRING)) continue;
      if (target == null) target = t;
      else if (!target.equals(t)) ambiguous = true;
    }
    if (ambiguous && args.stream().allMatch(a -> SqlTypes.isNull(a.type()) || SqlTypes.isNumeric(a.type()))) {
      // Numbers resolve to the DOUBLE overload when a DOUBLE is among them, or to DECIMAL when all are
      // decimals; INT with BIGINT fits several overloads, which ksqlDB calls ambiguous.
      boolean anyDouble = args.stream().anyMatch(a -> SqlTypes.isBase(a.type(), SqlType.Base.DOUBLE));
      boolean allDecimal = args.stream().allMatch(a -> SqlTypes.isNull(a.type()) || a.type() instanceof SqlType.Decimal);
      if (anyDouble || allDecimal) {
        SqlType to = anyDouble ? SqlTypes.DOUBLE : SqlTypes.common(args.stream().map(CompiledExpr::type).toList());
        return args.stream().map(a -> new CompiledExpr(to, Coercions.widen(a, to), a.text())).toList();
      }
    }
    boolean allNull = !args.isEmpty() && args.stream().allMatch(a -> SqlTypes.isNull(a.type()));
    if (ambiguous || allNull) {
      throw SqlErrors.at(ctx, "Function '" + name.toLowerCase(Locale.ROOT) + "' cannot be resolved due to ambiguous method parameters ("
          + String.join(", ", args.stream().map(a -> SqlTypes.isNull(a.type()) ? "null" : a.type().sql()).toList()) + ").");
    }
    if (target == null || !Comparisons.isTemporal(target)) return args;
    List<CompiledExpr> out = new ArrayList<>();
    for (CompiledExpr a : args) {
      if (!SqlTypes.isBase(a.type(), SqlType.Base.STRING)) {
        out.add(a);
        continue;
      }
      UnaryOperator<Object> conv = Casts.converter(SqlTypes.STRING, target);
      Eval inner = a.eval();
      out.add(new CompiledExpr(target, row -> {
        Object v = inner.eval(row);
        return v == null ? null : conv.apply(v);
      }, a.text()));
    }
    return out;
  }
}

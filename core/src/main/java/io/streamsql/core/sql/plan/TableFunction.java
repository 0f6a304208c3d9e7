package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.StreamSqlParser.*;
import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.ExpressionCompiler;
import io.streamsql.core.sql.expr.Scope;
import io.streamsql.core.sql.expr.SqlErrors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The table functions of a SELECT list, which turn one input row into several: EXPLODE (one row
 * per array element) and CUBE_EXPLODE (one row per distinct combination of elements kept or
 * nulled). Several in one SELECT are zipped; shorter ones give null.
 */
public enum TableFunction {
  EXPLODE, CUBE_EXPLODE;

  /** The table function a select item calls at its top, or null. */
  static TableFunction of(ExpressionContext e) {
    if (!(e.booleanExpression() instanceof PredicatedContext p) || p.predicate() != null) return null;
    if (!(p.valueExpression() instanceof ValueExpressionDefaultContext d)) return null;
    if (!(d.primaryExpression() instanceof FunctionCallContext f)) return null;
    String name = SourceStatements.identifier(f.identifier());
    for (TableFunction t : values()) if (t.name().equals(name)) return t;
    return null;
  }

  /** Compiles the argument; the column's type is what each output row holds. */
  CompiledExpr compile(ExpressionCompiler compiler, ExpressionContext e, Scope scope) {
    FunctionCallContext f = (FunctionCallContext) ((ValueExpressionDefaultContext) ((PredicatedContext) e.booleanExpression())
        .valueExpression()).primaryExpression();
    if (f.functionArgument().size() != 1 || f.functionArgument(0).expression() == null) {
      throw SqlErrors.at(f, "Function '" + name() + "' takes one ARRAY argument");
    }
    CompiledExpr arg = compiler.compile(f.functionArgument(0).expression(), scope);
    if (!(arg.type() instanceof SqlType.Array a)) {
      throw SqlErrors.at(f, "Function '" + name() + "' does not accept parameters (" + arg.type().sql() + ").");
    }
    return new CompiledExpr(this == EXPLODE ? a.element() : a, arg.eval(), SqlErrors.text(f));
  }

  /** The values of this column in the rows one input row becomes. */
  List<Object> expand(Object argument) {
    if (argument == null) return List.of();
    List<?> list = (List<?>) argument;
    if (this == EXPLODE) return new ArrayList<>(list);
    int n = list.size();
    LinkedHashSet<List<Object>> combos = new LinkedHashSet<>();
    for (int mask = 0; mask < (1 << n); mask++) {
      List<Object> combo = new ArrayList<>(n);
      for (int i = 0; i < n; i++) combo.add((mask & (1 << (n - 1 - i))) != 0 ? list.get(i) : null);
      combos.add(combo);
    }
    return new ArrayList<>(combos);
  }
}

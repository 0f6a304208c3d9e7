package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.StreamSqlParser.*;
import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.ExpressionCompiler;
import io.streamsql.core.sql.expr.Scope;
import io.streamsql.core.sql.fn.FunctionRegistry;
import java.util.List;

/**
 * A SELECT column that calls a table function ({@code @Udtf}, e.g. EXPLODE) at its top, which
 * turns one input row into several. The column's compiled expression evaluates to the list of its
 * values; {@link StatelessProcessor} zips several such columns, shorter ones giving null.
 */
public final class TableFunction {
  private final String name;

  private TableFunction(String name) {
    this.name = name;
  }

  /** The table function a select item calls at its top, or null. */
  static TableFunction of(ExpressionContext e, FunctionRegistry functions) {
    FunctionCallContext f = topCall(e);
    if (f == null) return null;
    String name = SourceStatements.identifier(f.identifier());
    return functions.isTableFunction(name) ? new TableFunction(name) : null;
  }

  private static FunctionCallContext topCall(ExpressionContext e) {
    if (!(e.booleanExpression() instanceof PredicatedContext p) || p.predicate() != null) return null;
    if (!(p.valueExpression() instanceof ValueExpressionDefaultContext d)) return null;
    return d.primaryExpression() instanceof FunctionCallContext f ? f : null;
  }

  /** Compiles the call; the column's type is what each output row holds. */
  CompiledExpr compile(ExpressionCompiler compiler, ExpressionContext e, Scope scope) {
    return compiler.compileTableFunction(topCall(e), scope);
  }

  /** The values of this column in the rows one input row becomes; a failed or null result gives none. */
  @SuppressWarnings("unchecked")
  List<Object> expand(Object result) {
    return result == null ? List.of() : (List<Object>) result;
  }

  public String name() {
    return name;
  }
}

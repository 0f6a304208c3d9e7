package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser.*;
import java.util.ArrayList;
import java.util.List;

/** Searched {@code CASE WHEN c THEN r … ELSE e END} and simple {@code CASE v WHEN x THEN r … END}. */
final class CaseExpressions {
  private CaseExpressions() {}

  static CompiledExpr searched(ExpressionCompiler c, SearchedCaseContext ctx, Scope scope, String text) {
    List<Eval> conditions = new ArrayList<>();
    for (WhenClauseContext w : ctx.whenClause()) {
      CompiledExpr cond = c.compile(w.condition, scope);
      if (!SqlTypes.isBase(cond.type(), SqlType.Base.BOOLEAN)) {
        throw SqlErrors.at(w, "WHEN operand type should be boolean. Type for '" + cond.text() + "' is " + cond.type().sql());
      }
      conditions.add(cond.eval());
    }
    return build(c, ctx.whenClause(), ctx.elseExpression, conditions, scope, text, ctx);
  }

  static CompiledExpr simple(ExpressionCompiler c, SimpleCaseContext ctx, Scope scope, String text) {
    CompiledExpr operand = c.value(ctx.valueExpression(), scope);
    List<Eval> conditions = new ArrayList<>();
    for (WhenClauseContext w : ctx.whenClause()) {
      CompiledExpr when = c.compile(w.condition, scope);
      SqlType as = Comparisons.comparisonType(operand.type(), when.type());
      if (as == null) {
        throw SqlErrors.at(w, "Operator does not exist: " + operand.type().sql() + " = " + when.type().sql() + " (" + when.text() + ")");
      }
      Eval a = Comparisons.operand(operand, as);
      Eval b = Comparisons.operand(when, as);
      conditions.add(row -> {
        Object x = a.eval(row);
        Object y = b.eval(row);
        return x != null && y != null && Comparisons.equal(x, y);
      });
    }
    return build(c, ctx.whenClause(), ctx.elseExpression, conditions, scope, text, ctx);
  }

  private static CompiledExpr build(
      ExpressionCompiler c, List<WhenClauseContext> whens, ExpressionContext elseCtx, List<Eval> conditions, Scope scope,
      String text, org.antlr.v4.runtime.ParserRuleContext ctx) {
    List<CompiledExpr> results = new ArrayList<>();
    for (WhenClauseContext w : whens) results.add(c.compile(w.result, scope));
    CompiledExpr otherwise = elseCtx == null ? null : c.compile(elseCtx, scope);
    List<SqlType> types = new ArrayList<>(results.stream().map(CompiledExpr::type).toList());
    if (otherwise != null) types.add(otherwise.type());
    SqlType type = SqlTypes.common(types);
    if (type == null) {
      throw SqlErrors.at(ctx, "Invalid Case expression. Type for all 'THEN' clauses should be the same. Result types: "
          + String.join(", ", types.stream().map(SqlType::sql).toList()));
    }
    if (SqlTypes.isNull(type)) throw SqlErrors.at(ctx, "Invalid Case expression. All case branches have NULL type");
    Eval[] conds = conditions.toArray(Eval[]::new);
    Eval[] values = results.stream().map(r -> Coercions.widen(r, type)).toArray(Eval[]::new);
    Eval elseEval = otherwise == null ? row -> null : Coercions.widen(otherwise, type);
    return new CompiledExpr(type, row -> {
      for (int i = 0; i < conds.length; i++) {
        if (Boolean.TRUE.equals(conds[i].eval(row))) return values[i].eval(row);
      }
      return elseEval.eval(row);
    }, text);
  }
}

package io.streamsql.core.sql.fn;

import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.ExpressionCompiler;
import io.streamsql.core.sql.expr.Scope;
import java.util.List;
import java.util.Map;

/** Compiles and evaluates a column-free SQL expression, to test functions through SQL typing and calls. */
final class SqlEval {
  private SqlEval() {}

  private static final ExpressionCompiler COMPILER = new ExpressionCompiler(FunctionRegistry.standard());

  static CompiledExpr compile(String expression) {
    var query = (StreamSqlParser.QueryStatementContext) SqlParser.parse("SELECT " + expression + " FROM T").get(0).tree();
    var item = (StreamSqlParser.SelectSingleContext) query.query().selectItem(0);
    return COMPILER.compile(item.expression(), Scope.ofColumns(Map.of(), List.of("T"), 0));
  }

  static Object eval(String expression) {
    return compile(expression).eval().eval(new Object[16]);
  }

  static String type(String expression) {
    return compile(expression).type().sql();
  }
}

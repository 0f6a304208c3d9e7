package io.streamsql.core.sql.plan;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser.ExpressionContext;
import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.ExpressionCompiler;
import io.streamsql.core.sql.expr.Scope;
import io.streamsql.core.sql.fn.FunctionRegistry;
import java.util.ArrayList;
import java.util.List;

/** Builds the operators of a stored {@link QueryPlan}: parses and compiles its expressions against the source's row. */
public final class PlanCompiler {
  private final ExpressionCompiler compiler;
  private final AggregationCompiler aggregations;

  public PlanCompiler(FunctionRegistry functions) {
    this(functions, io.streamsql.core.sql.fn.AggregateRegistry.standard());
  }

  public PlanCompiler(FunctionRegistry functions, io.streamsql.core.sql.fn.AggregateRegistry aggregates) {
    this.compiler = new ExpressionCompiler(functions);
    this.aggregations = new AggregationCompiler(compiler, aggregates);
  }

  public PlannedQuery compile(QueryPlan plan, ProcessingLog log) {
    if (plan.version() == QueryPlan.AGGREGATION_VERSION && plan.aggregation() != null) return aggregations.compile(plan, log);
    if (plan.version() == QueryPlan.JOIN_VERSION && plan.join() != null) {
      return new io.streamsql.core.sql.plan.join.JoinCompiler(compiler).compile(plan, log);
    }
    if (plan.version() != QueryPlan.CURRENT_VERSION) {
      throw new StreamSqlException(ErrorCode.SQL_ERROR, "Query plan version " + plan.version() + " is not supported by this server "
          + "(it reads versions " + QueryPlan.CURRENT_VERSION + " to " + QueryPlan.JOIN_VERSION + ")");
    }
    SourceSchema source = SourceSchemas.fromDdl(plan.sourceDdl());
    SourceSchema sink = SourceSchemas.fromDdl(plan.sinkDdl());
    Scope scope = QueryPlanner.rowScope(source, plan.sourceAlias());
    CompiledExpr filter = plan.filter() == null ? null : compiler.compile(SqlParser.parseExpression(plan.filter()), scope);
    List<QueryPlanner.OutColumn> columns = new ArrayList<>();
    for (QueryPlan.Column c : plan.columns()) {
      ExpressionContext tree = SqlParser.parseExpression(c.expression()).tree();
      TableFunction tf = TableFunction.of(tree, compiler.functions());
      CompiledExpr e = tf != null ? tf.compile(compiler, tree, scope) : compiler.compile(tree, scope);
      columns.add(new QueryPlanner.OutColumn(c.name(), e, c.key(), tf, c.nullOnTombstone(), c.expression()));
    }
    QueryProcessor processor = new StatelessProcessor(source, sink, filter, columns, scope.width(), log, plan.keyPassesThrough());
    return new PlannedQuery(source, sink, processor, plan);
  }
}

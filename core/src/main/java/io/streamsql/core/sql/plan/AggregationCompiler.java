package io.streamsql.core.sql.plan;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.Eval;
import io.streamsql.core.sql.expr.ExpressionCompiler;
import io.streamsql.core.sql.expr.Scope;
import io.streamsql.core.sql.fn.AggregateRegistry;
import io.streamsql.core.sql.fn.Aggregator;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.core.sql.serde.SerdeFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the operators of a stored aggregation plan: the stateless stage that turns source records
 * into grouped rows (WHERE, grouping values as the key, aggregate arguments as the value) and the
 * factory of each state partition's {@link AggregateProcessor}.
 */
final class AggregationCompiler {
  private final ExpressionCompiler compiler;
  private final AggregateRegistry registry;

  AggregationCompiler(ExpressionCompiler compiler, AggregateRegistry registry) {
    this.compiler = compiler;
    this.registry = registry;
  }

  PlannedQuery compile(QueryPlan plan, ProcessingLog log) {
    AggregationPlan agg = plan.aggregation();
    SourceSchema source = SourceSchemas.fromDdl(plan.sourceDdl());
    SourceSchema sink = SourceSchemas.fromDdl(plan.sinkDdl());
    Scope scope = QueryPlanner.rowScope(source, plan.sourceAlias());

    // Stage one: source record → grouped row.
    List<QueryPlanner.OutColumn> groupedColumns = new ArrayList<>();
    List<Serde.Column> keys = new ArrayList<>();
    for (int i = 0; i < agg.groupBy().size(); i++) {
      String text = agg.groupBy().get(i);
      CompiledExpr e = compiler.compile(SqlParser.parseExpression(text).tree(), scope);
      String name = AggregationPlan.groupColumn(i);
      keys.add(new Serde.Column(name, e.type()));
      groupedColumns.add(new QueryPlanner.OutColumn(name, e, true, text));
    }
    List<Serde.Column> arguments = new ArrayList<>();
    List<SqlType> argumentTypes = new ArrayList<>();
    int[][] argumentIndexes = new int[agg.aggregates().size()][];
    for (int a = 0; a < agg.aggregates().size(); a++) {
      AggregationPlan.Aggregate call = agg.aggregates().get(a);
      argumentIndexes[a] = new int[call.arguments().size()];
      for (int k = 0; k < call.arguments().size(); k++) {
        String text = call.arguments().get(k);
        CompiledExpr e = compiler.compile(SqlParser.parseExpression(text).tree(), scope);
        String name = AggregationPlan.argumentColumn(arguments.size());
        argumentIndexes[a][k] = arguments.size();
        arguments.add(new Serde.Column(name, e.type()));
        argumentTypes.add(e.type());
        groupedColumns.add(new QueryPlanner.OutColumn(name, e, false, text));
      }
    }
    SourceSchema grouped = new SourceSchema(sink.name() + "-GROUPED", CreateSource.Kind.STREAM, sink.topic() + "-repartition", keys,
        arguments, SerdeFormat.JSON, SerdeFormat.JSON, true, ',', ',', null, null, source.partitions());
    io.streamsql.core.sql.expr.CompiledExpr filter = plan.filter() == null ? null
        : compiler.compile(SqlParser.parseExpression(plan.filter()).tree(), scope);
    QueryProcessor toGrouped = new StatelessProcessor(source, grouped, filter, groupedColumns, scope.width(), log, false);

    // Stage two: the aggregated row's scope, as the planner built it.
    List<SqlType> accumulatorTypes = new ArrayList<>();
    List<SqlType> resultTypes = new ArrayList<>();
    for (int a = 0; a < agg.aggregates().size(); a++) {
      AggregateRegistry.Resolved r = resolve(agg.aggregates().get(a), argumentIndexes[a], argumentTypes);
      accumulatorTypes.add(r.aggregateType());
      resultTypes.add(r.returnType());
    }
    Map<String, Scope.Slot> slots = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) slots.put(keys.get(i).name(), new Scope.Slot(i, keys.get(i).type()));
    for (int a = 0; a < resultTypes.size(); a++) {
      slots.put(AggregationPlan.aggregateColumn(a), new Scope.Slot(keys.size() + a, resultTypes.get(a)));
    }
    int bounds = keys.size() + resultTypes.size();
    if (agg.window() != null) {
      slots.put("WINDOWSTART", new Scope.Slot(bounds, SqlTypes.BIGINT));
      slots.put("WINDOWEND", new Scope.Slot(bounds + 1, SqlTypes.BIGINT));
    }
    Scope aggregated = Scope.ofRow(slots, List.of(), bounds + 3, bounds + 2);
    Eval having = agg.having() == null ? null : compiler.compile(SqlParser.parseExpression(agg.having()).tree(), aggregated).eval();
    List<Eval> keyExprs = new ArrayList<>();
    List<Eval> valueExprs = new ArrayList<>();
    List<String> valueNames = new ArrayList<>();
    for (QueryPlan.Column c : plan.columns()) {
      Eval e = compiler.compile(SqlParser.parseExpression(c.expression()).tree(), aggregated).eval();
      if (c.key()) keyExprs.add(e);
      else {
        valueExprs.add(e);
        valueNames.add(c.name());
      }
    }
    int width = aggregated.width();
    SqlType[] accTypes = accumulatorTypes.toArray(SqlType[]::new);
    AggregationStage stage = new AggregationStage(grouped, agg.repartition(), () -> {
      @SuppressWarnings("unchecked")
      Aggregator<Object, Object, Object>[] aggregators = new Aggregator[agg.aggregates().size()];
      for (int a = 0; a < aggregators.length; a++) aggregators[a] = resolve(agg.aggregates().get(a), argumentIndexes[a], argumentTypes).aggregator();
      return new AggregateProcessor(grouped, aggregators, argumentIndexes, accTypes, agg.window(), agg.emitFinal(), having,
          keyExprs.toArray(Eval[]::new), valueExprs.toArray(Eval[]::new), valueNames.toArray(String[]::new), width, sink, log);
    });
    return new PlannedQuery(source, sink, toGrouped, plan, stage);
  }

  private AggregateRegistry.Resolved resolve(AggregationPlan.Aggregate call, int[] indexes, List<SqlType> argumentTypes) {
    List<SqlType> types = new ArrayList<>();
    for (int i : indexes) types.add(argumentTypes.get(i));
    List<Object> literals = new ArrayList<>();
    for (String text : call.initialArguments()) {
      literals.add(compiler.compile(SqlParser.parseExpression(text).tree(), Scope.ofColumns(Map.of(), List.of(), 0)).eval().eval(new Object[1]));
    }
    AggregateRegistry.Resolved r = InitialArguments.resolve(registry, call.function(), types, literals);
    if (r != null) return r;
    throw new StreamSqlException(ErrorCode.SQL_ERROR, "The stored plan calls " + call.function() + " with arguments " + types
        + ", which this server's aggregate library does not have");
  }
}

package io.streamsql.core.sql.plan.join;

import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.Eval;
import io.streamsql.core.sql.expr.ExpressionCompiler;
import io.streamsql.core.sql.expr.Scope;
import io.streamsql.core.sql.plan.PlannedQuery;
import io.streamsql.core.sql.plan.ProcessingLog;
import io.streamsql.core.sql.plan.QueryPlan;
import io.streamsql.core.sql.plan.QueryPlanner;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.plan.SourceSchemas;
import io.streamsql.core.sql.plan.StatefulProcessor;
import java.util.ArrayList;
import java.util.List;

/** Builds the operators of a stored join plan: each source's stage-one keyer and the state partitions' processor. */
public final class JoinCompiler {
  private final ExpressionCompiler compiler;

  public JoinCompiler(ExpressionCompiler compiler) {
    this.compiler = compiler;
  }

  public PlannedQuery compile(QueryPlan plan, ProcessingLog log) {
    JoinPlan join = plan.join();
    List<SourceSchema> sources = new ArrayList<>();
    List<String> aliases = new ArrayList<>();
    for (JoinPlan.Source s : join.sources()) {
      sources.add(SourceSchemas.fromDdl(s.ddl()));
      aliases.add(s.alias());
    }
    SourceSchema sink = SourceSchemas.fromDdl(plan.sinkDdl());

    List<StatefulProcessor> keyers = new ArrayList<>();
    SqlType keyType = null;
    for (int i = 0; i < sources.size(); i++) {
      Scope scope = QueryPlanner.rowScope(sources.get(i), aliases.get(i));
      CompiledExpr on = compiler.compile(SqlParser.parseExpression(join.sources().get(i).partitionBy()).tree(), scope);
      if (i == 0) keyType = on.type();
      JoinSideKeyer keyer = new JoinSideKeyer(i, sources.get(i), on.eval(), on.type(), scope.width(), scope.errorSlot(), log);
      // The left table of a foreign-key join moves its rows between partitions as their foreign keys change.
      keyers.add(i == 0 && join.steps().get(0).foreignKey() ? new ForeignKeyKeyer(keyer) : keyer);
    }

    // The join key slot holds the value every source joined on, typed as the result's key column.
    if (sink.keyColumns().size() == 1) keyType = sink.keyColumns().get(0).type();
    JoinedRows rows = new JoinedRows(sources, aliases, join.syntheticKey(), keyType);
    Scope scope = rows.scope();
    CompiledExpr filter = plan.filter() == null ? null : compiler.compile(SqlParser.parseExpression(plan.filter()).tree(), scope);
    List<Eval> keys = new ArrayList<>();
    List<Eval> values = new ArrayList<>();
    List<String> valueNames = new ArrayList<>();
    for (QueryPlan.Column c : plan.columns()) {
      Eval e = compiler.compile(SqlParser.parseExpression(c.expression()).tree(), scope).eval();
      if (c.key()) keys.add(e);
      else {
        values.add(e);
        valueNames.add(c.name());
      }
    }
    int width = scope.width();
    JoinProcessor.StepSpec[] steps = new JoinProcessor.StepSpec[join.steps().size()];
    boolean leftIsTable = sources.get(0).isTable();
    for (int s = 0; s < steps.length; s++) {
      JoinPlan.Step step = join.steps().get(s);
      boolean rightIsTable = sources.get(s + 1).isTable();
      JoinProcessor.Kind kind = !leftIsTable && !rightIsTable ? JoinProcessor.Kind.STREAM_STREAM
          : !leftIsTable ? JoinProcessor.Kind.STREAM_TABLE
          : step.foreignKey() ? JoinProcessor.Kind.FOREIGN_KEY : JoinProcessor.Kind.TABLE_TABLE;
      steps[s] = new JoinProcessor.StepSpec(kind, step.type(), step.window(), step.leftSource(), sources.size());
      leftIsTable = kind == JoinProcessor.Kind.TABLE_TABLE || kind == JoinProcessor.Kind.FOREIGN_KEY;
    }
    SqlType joinKeyType = join.syntheticKey() == null ? null : keyType;
    Eval filterEval = filter == null ? null : filter.eval();
    String filterText = filter == null ? null : filter.text();
    Eval[] keyEvals = keys.toArray(Eval[]::new);
    Eval[] valueEvals = values.toArray(Eval[]::new);
    String[] names = valueNames.toArray(String[]::new);
    JoinStage stage = new JoinStage(keyers, () -> new JoinProcessor(steps,
        new JoinOutput(rows, filterEval, filterText, keyEvals, valueEvals, names, sink, width, joinKeyType, log)));
    return new PlannedQuery(sources.get(0), sink, (in, out) -> {}, plan, null, stage);
  }
}

package io.streamsql.cluster.sql;

import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.ProcessingLog;
import io.streamsql.core.sql.plan.QueryPlan;
import io.streamsql.core.sql.plan.QueryPlanner;
import io.streamsql.core.sql.plan.SinkSpec;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.tree.Query;
import io.streamsql.core.sql.tree.Statement;
import io.streamsql.core.sql.tree.StatementBuilder;
import io.streamsql.persistence.sql.QueryDefinition;
import java.util.Map;

/**
 * The plan of a query journaled before plans were stored: planned once from its statement against
 * its frozen source and sink DDL (the sink as an existing target, so its schema cannot change).
 */
final class LegacyPlans {
  private LegacyPlans() {}

  static QueryPlan of(QueryDefinition legacy) {
    SourceSchema source = SourceDdl.parse(legacy.sourceDdl());
    SourceSchema sink = SourceDdl.parse(legacy.sinkDdl());
    Statement statement = new StatementBuilder(name -> null).parseAll(legacy.statement()).get(0);
    Query select = statement instanceof Statement.CreateAsSelect c ? c.query() : ((Statement.InsertIntoSelect) statement).query();
    return new QueryPlanner(FunctionRegistry.standard()).plan(select.tree(), source, new SinkSpec(sink.name(), sink.kind(), Map.of(), sink),
        ProcessingLog.IGNORE).plan().withSink(legacy.sinkDdl());
  }
}

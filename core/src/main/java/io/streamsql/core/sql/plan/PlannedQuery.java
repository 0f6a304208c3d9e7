package io.streamsql.core.sql.plan;

/**
 * A planned persistent query: what it reads, what it writes, its compiled stateless operator chain
 * and the plan they were built from. For an aggregation, {@code processor} turns source records
 * into grouped rows and {@code aggregation} holds the stateful half; a join's operators are all in {@code join}.
 */
public record PlannedQuery(
    SourceSchema source, SourceSchema sink, QueryProcessor processor, QueryPlan plan, AggregationStage aggregation,
    io.streamsql.core.sql.plan.join.JoinStage join) {
  public PlannedQuery(SourceSchema source, SourceSchema sink, QueryProcessor processor, QueryPlan plan, AggregationStage aggregation) {
    this(source, sink, processor, plan, aggregation, null);
  }

  public PlannedQuery(SourceSchema source, SourceSchema sink, QueryProcessor processor, QueryPlan plan) {
    this(source, sink, processor, plan, null, null);
  }

  public boolean isJoin() {
    return join != null;
  }

  public boolean isAggregation() {
    return aggregation != null;
  }
}

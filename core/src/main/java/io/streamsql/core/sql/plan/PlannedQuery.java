package io.streamsql.core.sql.plan;

/** A planned stateless persistent query: what it reads, what it writes, its compiled operator chain and the plan they were built from. */
public record PlannedQuery(SourceSchema source, SourceSchema sink, QueryProcessor processor, QueryPlan plan) {}

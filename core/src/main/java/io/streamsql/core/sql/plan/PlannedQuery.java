package io.streamsql.core.sql.plan;

/** A planned stateless persistent query: what it reads, what it writes, and its compiled operator chain. */
public record PlannedQuery(SourceSchema source, SourceSchema sink, QueryProcessor processor) {}

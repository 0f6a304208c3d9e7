package io.streamsql.core.sql.plan;

import java.util.function.Supplier;

/**
 * The stateful half of a compiled aggregation: the schema of its grouped rows (what the
 * repartition log holds, keyed by the grouping values), whether they go through that log, and a
 * fresh {@link AggregateProcessor} for each state partition.
 */
public record AggregationStage(SourceSchema grouped, boolean repartition, Supplier<AggregateProcessor> newPartition) {}

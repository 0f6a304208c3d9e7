package io.streamsql.persistence.aggregate;

import io.streamsql.core.sql.plan.StatefulProcessor;
import io.streamsql.core.sql.plan.QueryPlan;

/**
 * Builds a state partition's processor from its query's stored plan, reporting bad records to that
 * query's processing log: the {@link #AGGREGATE} stage (groups to results) or, for a table source, the
 * {@link #REGROUP} stage (row changes to grouped rows with their undo).
 */
@FunctionalInterface
public interface AggregateProcessors {
  String AGGREGATE = "aggregate";
  String REGROUP = "regroup";

  StatefulProcessor create(String namespace, String queryId, String stage, QueryPlan plan);
}

package io.streamsql.persistence.aggregate;

import io.streamsql.core.sql.plan.AggregateProcessor;
import io.streamsql.core.sql.plan.QueryPlan;

/** Builds a state partition's processor from its query's stored plan, reporting bad records to that query's processing log. */
@FunctionalInterface
public interface AggregateProcessors {
  AggregateProcessor create(String namespace, String queryId, QueryPlan plan);
}

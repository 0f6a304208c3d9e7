package io.streamsql.persistence.aggregate;

import io.streamsql.core.sql.plan.StatefulProcessor;
import io.streamsql.core.sql.plan.QueryPlan;

/**
 * Builds a state partition's processor from its query's stored plan, reporting bad records to that
 * query's processing log: the {@link #AGGREGATE} stage (groups to results) or, for a table source, the
 * {@link #REGROUP} stage (row changes to grouped rows with their undo); for a join, the
 * {@link #JOIN_SIDE} stages (source records keyed by what they join on) and the {@link #JOIN} stage.
 */
@FunctionalInterface
public interface AggregateProcessors {
  String AGGREGATE = "aggregate";
  String REGROUP = "regroup";
  /** A join's state partitions (one per partition of its input log). */
  String JOIN = "join";
  /** Prefix of a join's stage-one stages, one per source: {@code join-side-0}, {@code join-side-1}, … */
  String JOIN_SIDE = "join-side-";

  StatefulProcessor create(String namespace, String queryId, String stage, QueryPlan plan);
}

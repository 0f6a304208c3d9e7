package io.streamsql.cluster.sql.query;

import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.core.sql.plan.PlannedQuery;
import io.streamsql.core.sql.plan.QueryProcessor;
import io.streamsql.core.sql.plan.StatefulProcessor;
import io.streamsql.core.sql.plan.TableRegrouper;
import java.util.function.Consumer;

/**
 * An aggregation run in memory for one push query, as ksqlDB runs a transient query: the same
 * grouping and aggregate operators as the persistent query, with one state for all source
 * partitions (a push query is one stream on one node, so nothing needs repartitioning) and no
 * journal: the state lives as long as the query.
 */
final class TransientAggregation implements QueryProcessor {
  private final QueryProcessor toGrouped;
  private final StatefulProcessor regroup;
  private final StatefulProcessor aggregate;
  private long sequence;

  TransientAggregation(PlannedQuery plan) {
    this.toGrouped = plan.processor();
    // A table's row changes need the rows they replace: the regrouper remembers them.
    this.regroup = plan.source().isTable() ? new TableRegrouper(plan.processor()) : null;
    this.aggregate = plan.aggregation().newPartition().get();
  }

  @Override
  public void process(InputRecord in, Consumer<OutputRecord> out) {
    Consumer<OutputRecord> grouped = g -> aggregate.process(
        new InputRecord(g.keyJson(), g.valueJson(), g.timestamp(), 0, sequence++, g.headers()), out);
    if (regroup != null) {
      regroup.process(in, grouped);
      regroup.endOfBatch();
      regroup.drainChanges();
    } else {
      toGrouped.process(in, grouped);
    }
    aggregate.endOfBatch();
    // Nothing is journaled: the change list is dropped so it does not grow.
    aggregate.drainChanges();
  }
}

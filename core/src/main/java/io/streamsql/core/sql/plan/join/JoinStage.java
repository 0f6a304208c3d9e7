package io.streamsql.core.sql.plan.join;

import io.streamsql.core.sql.plan.StatefulProcessor;
import java.util.List;
import java.util.function.Supplier;

/**
 * A compiled join: per source, the stage-one operator that keys its records by the value they join
 * on ({@link JoinSideKeyer}), and a fresh {@link JoinProcessor} for each state partition.
 */
public record JoinStage(List<StatefulProcessor> keyers, Supplier<StatefulProcessor> newPartition) {
  public JoinStage {
    keyers = List.copyOf(keyers);
  }
}

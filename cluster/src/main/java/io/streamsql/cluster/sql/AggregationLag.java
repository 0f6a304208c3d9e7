package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.persistence.aggregate.AggregatePartitionEntity;
import io.streamsql.persistence.log.PartitionState;
import io.streamsql.persistence.sql.QueryDefinition;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * How many grouped rows of a repartitioning aggregation are in its repartition log but not yet in
 * its state partitions (and so not yet in its sink). A query's journaled positions say how far
 * stage one got; with this at zero, the sink also holds every output of those positions.
 */
final class AggregationLag {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ClusterSharding sharding;
  private final StreamService streams;

  AggregationLag(ClusterSharding sharding, StreamService streams) {
    this.sharding = sharding;
    this.streams = streams;
  }

  /** The lag, or null when the query does not repartition (its positions already cover its state). */
  Long of(QueryDefinition def) {
    if (def == null || def.plan() == null || def.plan().aggregation() == null || !def.plan().aggregation().repartition()) return null;
    try {
      var log = SqlCatalog.await(streams.get(AggregationRunner.repartitionLog(def)), "Looking up the repartition log");
      List<PartitionState> ends = SqlCatalog.await(streams.partitionStates(log), "Reading the repartition log");
      long lag = 0;
      for (int p = 0; p < ends.size(); p++) {
        long end = ends.get(p).nextOffset();
        if (end == 0) continue;
        int partition = p;
        var progress = SqlCatalog.await(sharding.entityRefFor(AggregatePartitionEntity.TYPE_KEY,
                AggregatePartitionEntity.entityId(def.namespace(), def.queryId(), partition))
            .<AggregatePartitionEntity.Processed>ask(AggregatePartitionEntity.GetProgress::new, TIMEOUT), "Reading state progress");
        lag += Math.max(0, end - progress.nextOffset());
      }
      return lag;
    } catch (StreamSqlException notYetCreated) {
      // Before its first run the repartition log does not exist: nothing is in it.
      return 0L;
    }
  }
}

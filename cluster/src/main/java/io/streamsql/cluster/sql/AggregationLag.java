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
 * its state partitions (and so not yet in its sink); for a join, the records of every stage not yet
 * through it. A query's journaled positions say how far
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
    if (def != null && def.plan() != null && def.plan().join() != null) return joinLag(def);
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

  /**
   * A join's lag: records of its other sources (past the first, whose positions are the query's)
   * not yet keyed into its input log, plus records of the input log not yet in its state partitions.
   */
  private Long joinLag(QueryDefinition def) {
    var sources = def.plan().join().sources();
    long lag = 0;
    for (int i = 1; i < sources.size(); i++) {
      String log = sources.get(i).log();
      if (SourceLogs.isTable(log)) continue;
      lag += behind(log, def.queryId() + "-" + io.streamsql.persistence.aggregate.AggregateProcessors.JOIN_SIDE + i, def);
    }
    Long state = lagOf(AggregationRunner.repartitionLog(def), def.queryId(), def);
    return lag + (state == null ? 0 : state);
  }

  private long behind(String log, String entity, QueryDefinition def) {
    Long l = lagOf(log, entity, def);
    return l == null ? 0 : l;
  }

  /** How far the state entities {@code <entity>/p} are behind the ends of the log's partitions. */
  private Long lagOf(String logName, String entity, QueryDefinition def) {
    try {
      var log = SqlCatalog.await(streams.get(logName), "Looking up " + logName);
      List<PartitionState> ends = SqlCatalog.await(streams.partitionStates(log), "Reading " + logName);
      long lag = 0;
      for (int p = 0; p < ends.size(); p++) {
        long end = ends.get(p).nextOffset();
        if (end == 0) continue;
        var progress = SqlCatalog.await(sharding.entityRefFor(AggregatePartitionEntity.TYPE_KEY,
                AggregatePartitionEntity.entityId(def.namespace(), entity, p))
            .<AggregatePartitionEntity.Processed>ask(AggregatePartitionEntity.GetProgress::new, TIMEOUT), "Reading state progress");
        lag += Math.max(0, end - progress.nextOffset());
      }
      return lag;
    } catch (StreamSqlException notYetCreated) {
      return 0L;
    }
  }
}

package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.StreamService;
import io.streamsql.persistence.aggregate.AggregatePartitionEntity;
import io.streamsql.persistence.aggregate.AggregateProcessors;
import io.streamsql.persistence.log.PartitionState;
import io.streamsql.persistence.sql.QueryDefinition;
import io.streamsql.persistence.sql.QueryEntity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * How far the persistent queries of one namespace got, in the offsets of the logs they read: what
 * completion tokens are checked against. A query has "processed" a position of a log when every
 * output of the records before it is in its sink — its journaled positions for the log it reads
 * first, a join side's keying stage for the others, and, for queries with a second stage
 * (repartitioned aggregations, joins), that stage with nothing left to do.
 */
public final class QueryProgress {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final SqlCatalog catalog;
  private final AggregationLag stageLag;
  private final ClusterSharding sharding;
  private final StreamService streams;

  QueryProgress(SqlCatalog catalog, AggregationLag stageLag, ClusterSharding sharding, StreamService streams) {
    this.catalog = catalog;
    this.stageLag = stageLag;
    this.sharding = sharding;
    this.streams = streams;
  }

  /** The definition of a registered query, or null before it first started. */
  public QueryDefinition definition(String queryId) {
    return catalog.definition(queryId);
  }

  /** Whether the query reads the log (as its source or one side of its join). */
  public static boolean reads(QueryDefinition def, String log) {
    if (log.equals(def.sourceLog())) return true;
    if (def.plan() == null || def.plan().join() == null) return false;
    return def.plan().join().sources().stream().anyMatch(s -> log.equals(s.log()));
  }

  /**
   * Whether every output of the records of {@code log} before {@code offsets} (partition → next
   * offset) is in the query's sink. Blocking.
   */
  public boolean processed(QueryDefinition def, String log, Map<Integer, Long> offsets) {
    if (log.equals(def.sourceLog())) {
      QueryEntity.Status status = catalog.status(def.queryId());
      if ("TERMINATED".equals(status.state())) return false;
      if (!reached(status.nextOffsets(), offsets)) return false;
    } else {
      List<io.streamsql.core.sql.plan.join.JoinPlan.Source> sides = def.plan().join().sources();
      for (int i = 1; i < sides.size(); i++) {
        if (!log.equals(sides.get(i).log())) continue;
        Map<Integer, Long> keyed = new HashMap<>();
        for (Map.Entry<Integer, Long> o : offsets.entrySet()) {
          if (o.getValue() <= 0) continue;
          var progress = SqlCatalog.await(sharding.entityRefFor(AggregatePartitionEntity.TYPE_KEY,
                  AggregatePartitionEntity.entityId(def.namespace(), def.queryId() + "-" + AggregateProcessors.JOIN_SIDE + i, o.getKey()))
              .<AggregatePartitionEntity.Processed>ask(AggregatePartitionEntity.GetProgress::new, TIMEOUT), "Reading join progress");
          keyed.put(o.getKey(), progress.nextOffset());
        }
        if (!reached(keyed, offsets)) return false;
      }
    }
    Long lag = stageLag.of(def);
    return lag == null || lag == 0;
  }

  /** The next offset of every partition of a log (partition → offset), as it is now. */
  public Map<Integer, Long> ends(String logName) {
    var log = SqlCatalog.await(streams.get(logName), "Looking up " + logName);
    List<PartitionState> states = SqlCatalog.await(streams.partitionStates(log), "Reading " + logName);
    Map<Integer, Long> ends = new HashMap<>();
    for (int p = 0; p < states.size(); p++) ends.put(p, states.get(p).nextOffset());
    return ends;
  }

  private static boolean reached(Map<Integer, Long> progress, Map<Integer, Long> targets) {
    for (Map.Entry<Integer, Long> t : targets.entrySet()) {
      if (t.getValue() > 0 && progress.getOrDefault(t.getKey(), 0L) < t.getValue()) return false;
    }
    return true;
  }
}

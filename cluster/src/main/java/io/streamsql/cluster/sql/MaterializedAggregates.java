package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.log.Partitioner;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.PlanCompiler;
import io.streamsql.core.sql.plan.PlannedQuery;
import io.streamsql.core.sql.plan.ProcessingLog;
import io.streamsql.core.sql.serde.RecordSerde;
import io.streamsql.persistence.aggregate.AggregatePartitionEntity;
import io.streamsql.persistence.sql.QueryDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The materialized view of an aggregation, read from its state partitions wherever sharding runs
 * them: the current row of a key (every window's, or one window's, for a windowed aggregation) and
 * a scan of every row, page by page. Rows are returned as the sink holds them (key and value JSON).
 * The Java API the query API (pull queries) and joins read tables through.
 */
public final class MaterializedAggregates {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int SCAN_PAGE = 500;

  private final ClusterSharding sharding;
  private final StreamService streams;
  private final ConcurrentHashMap<QueryDefinition, PlannedQuery> compiled = new ConcurrentHashMap<>();

  public MaterializedAggregates(ClusterSharding sharding, StreamService streams) {
    this.sharding = sharding;
    this.streams = streams;
  }

  private PlannedQuery plan(QueryDefinition def) {
    PlannedQuery p = compiled.computeIfAbsent(def, d -> new PlanCompiler(FunctionRegistry.standard()).compile(d.plan(), ProcessingLog.IGNORE));
    if (!p.isAggregation()) throw new IllegalArgumentException("Query " + def.queryId() + " is not an aggregation");
    return p;
  }

  /**
   * The rows of one key (its values in the sink's key column order): one row, or one per window
   * when the aggregation is windowed and {@code windowStart} is null.
   */
  public CompletionStage<List<AggregatePartitionEntity.Row>> get(QueryDefinition def, List<Object> key, Long windowStart) {
    PlannedQuery plan = plan(def);
    // The sink's key columns are the grouping values, in GROUP BY order.
    String groupKey = new RecordSerde(plan.aggregation().grouped().keySerde(), "key").writeText(key.toArray());
    return partitionOf(def, plan, key, groupKey).thenCompose(p -> state(def, p)
        .<AggregatePartitionEntity.RowPage>ask(r -> new AggregatePartitionEntity.Lookup(def.queryId(), def.plan(), groupKey, windowStart, r),
            TIMEOUT))
        .thenApply(AggregatePartitionEntity.RowPage::rows);
  }

  /** The single row of a key of an unwindowed aggregation, if present. */
  public CompletionStage<Optional<AggregatePartitionEntity.Row>> getOne(QueryDefinition def, List<Object> key) {
    return get(def, key, null).thenApply(rows -> rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0)));
  }

  /** Every row, partition after partition, each in group key order. */
  public Source<AggregatePartitionEntity.Row, NotUsed> scan(QueryDefinition def) {
    return Source.completionStage(partitions(def, plan(def)))
        .flatMapConcat(count -> Source.range(0, count - 1))
        .flatMapConcat(p -> Source.unfoldAsync(Optional.of(new Object[] {null}), cursor -> {
          if (cursor.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
          String after = (String) cursor.get()[0];
          return state(def, p).<AggregatePartitionEntity.RowPage>ask(
                  r -> new AggregatePartitionEntity.Scan(def.queryId(), def.plan(), after, SCAN_PAGE, r), TIMEOUT)
              .thenApply(page -> Optional.of(org.apache.pekko.japi.Pair.create(
                  page.more() ? Optional.of(new Object[] {page.lastGroupKey()}) : Optional.<Object[]>empty(), page.rows())));
        }))
        .mapConcat(rows -> rows);
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<AggregatePartitionEntity.Command> state(QueryDefinition def, int p) {
    return sharding.entityRefFor(AggregatePartitionEntity.TYPE_KEY, AggregatePartitionEntity.entityId(def.namespace(), def.queryId(), p));
  }

  /** How many state partitions the aggregation has: its repartition log's partitions, or its source's. */
  private CompletionStage<Integer> partitions(QueryDefinition def, PlannedQuery plan) {
    String log = plan.aggregation().repartition() ? AggregationRunner.repartitionLog(def) : def.sourceLog();
    if (SourceLogs.isTable(log)) return CompletableFuture.completedFuture(plan.source().partitions());
    // The node's definition cache: a key lookup (a pull query) should not ask the stream catalog every time.
    return streams.cached(log).thenApply(d -> d.partitions());
  }

  /** The state partition of a group: where the repartition log (or the source, grouping by its key) places it. */
  private CompletionStage<Integer> partitionOf(QueryDefinition def, PlannedQuery plan, List<Object> key, String groupKey) {
    String placement = plan.aggregation().repartition() ? groupKey
        : new RecordSerde(plan.source().keySerde(), "key").writeText(key.toArray());
    return partitions(def, plan).thenApply(n -> Partitioner.partitionFor(placement, 0, n));
  }
}

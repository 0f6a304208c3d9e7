package io.streamsql.cluster.sql.query;

import io.streamsql.cluster.sql.MaterializedAggregates;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.pull.KeyConstraints;
import io.streamsql.persistence.aggregate.AggregatePartitionEntity;
import io.streamsql.persistence.sql.QueryDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The current rows of a table an aggregation writes, from its state partitions: by key (one ask to
 * the one partition holding each key, no scan) or all of them (every partition, page by page).
 * Each row is what the table's log holds for it, so the pull query's operators read it as a record
 * of the table. The state does not keep a row's timestamp: ROWTIME reads 0.
 */
final class MaterializedRows {
  private final MaterializedAggregates aggregates;

  MaterializedRows(MaterializedAggregates aggregates) {
    this.aggregates = aggregates;
  }

  /** The rows of the keys (and window start) of a lookup, fetched before the stage completes. */
  CompletionStage<List<InputRecord>> lookup(QueryDefinition def, KeyConstraints.KeyLookup lookup) {
    List<CompletableFuture<List<AggregatePartitionEntity.Row>>> asks = new ArrayList<>(lookup.keys().size());
    for (List<Object> key : lookup.keys()) asks.add(aggregates.get(def, key, lookup.windowStart()).toCompletableFuture());
    if (asks.size() == 1) return asks.get(0).thenApply(MaterializedRows::records);
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<AggregatePartitionEntity.Row> rows = new ArrayList<>();
      for (CompletableFuture<List<AggregatePartitionEntity.Row>> ask : asks) rows.addAll(ask.join());
      return records(rows);
    });
  }

  Source<InputRecord, NotUsed> scan(QueryDefinition def) {
    return aggregates.scan(def).map(MaterializedRows::record);
  }

  private static List<InputRecord> records(List<AggregatePartitionEntity.Row> rows) {
    List<InputRecord> out = new ArrayList<>(rows.size());
    for (AggregatePartitionEntity.Row row : rows) out.add(record(row));
    return out;
  }

  private static InputRecord record(AggregatePartitionEntity.Row row) {
    return new InputRecord(row.keyJson(), row.value(), 0L, 0, 0L);
  }
}

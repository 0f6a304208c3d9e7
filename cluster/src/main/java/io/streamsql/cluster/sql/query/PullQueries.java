package io.streamsql.cluster.sql.query;

import io.streamsql.cluster.sql.MaterializedAggregates;
import io.streamsql.cluster.sql.SourceLogs;
import io.streamsql.cluster.sql.SqlEngine;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.Partitioner;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.pull.KeyConstraints;
import io.streamsql.core.sql.pull.PullQueryRules;
import io.streamsql.core.sql.serde.RecordSerde;
import io.streamsql.persistence.sql.QueryDefinition;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Pull queries: the current state of a table, or a bounded scan of a stream, then ended.
 *
 * <ul>
 *   <li>A table an aggregation writes is read from the aggregation's state partitions: a WHERE
 *       that pins every key column ({@code =}, {@code IN}) asks only the partition of each key;
 *       anything else scans every partition.
 *   <li>Any other table (over a topic, a CTAS without aggregation, a table of the tables API) is
 *       not materialized: its changelog is read up to where it ends when the query starts and
 *       folded into the latest row per key (only the key's partition for a single-key lookup).
 *   <li>A stream is read up to where each partition ends when the query starts.
 * </ul>
 *
 * The WHERE and projection always run on every row read (the same operators as a persistent
 * query's, see {@link TransientPlan}), so key constraints only narrow what is read. Refusals come
 * back as a failed stage with ksqlDB's text before any row.
 */
public final class PullQueries {
  private final MaterializationCache materializations;
  private final StreamService streams;
  private final TableService tables;
  private final LogReader reader;
  private final MaterializedRows materialized;
  private final LogSnapshotRead snapshots;
  private final LookupPlans lookupPlans;

  /** {@code definitionTtl}: how long which aggregation writes a table is remembered (see {@link MaterializationCache}). */
  public PullQueries(
      SqlEngine engine, MaterializedAggregates aggregates, StreamService streams, TableService tables, LogReader reader,
      java.time.Duration definitionTtl) {
    this.materializations = new MaterializationCache(engine, definitionTtl);
    this.streams = streams;
    this.tables = tables;
    this.reader = reader;
    this.materialized = new MaterializedRows(aggregates);
    this.snapshots = new LogSnapshotRead(reader);
    this.lookupPlans = new LookupPlans();
  }

  public CompletionStage<QueryResult> execute(QueryRequest request) {
    try {
      PullQueryRules.check(request.query());
      return request.source().isTable() ? table(request) : stream(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<QueryResult> stream(QueryRequest request) {
    PullProjection projection = PullProjection.of(request);
    return SourceLogs.open(request.sourceLog(), streams, tables, reader)
        .thenApply(log -> result(request, projection, snapshots.read(log, null)));
  }

  private CompletionStage<QueryResult> table(QueryRequest request) {
    SourceSchema source = request.source();
    if (SourceLogs.isVersion(request.sourceLog())) {
      throw new StreamSqlException(ErrorCode.SQL_ERROR,
          "Pull queries over a version of an immutable table are not supported yet: " + source.name()
              + ". Read the version with GET /v1/tables/{name}/rows?version=n.");
    }
    Optional<KeyConstraints.KeyLookup> lookup = KeyConstraints.of(request.query(), source);
    QueryDefinition aggregation = materializations.aggregationWriting(source.name());
    if (aggregation != null && lookup.isPresent()) {
      // The fast path: one ask to the partition of each key, the rows fetched before the header.
      PullProjection projection = lookup.get().coversWhere() ? lookupPlans.withoutWhere(request) : PullProjection.of(request);
      return materialized.lookup(aggregation, lookup.get()).thenApply(rows -> result(request, projection, Source.from(rows)));
    }
    PullProjection projection = PullProjection.of(request);
    if (aggregation != null) return CompletableFuture.completedFuture(result(request, projection, materialized.scan(aggregation)));
    if (lookup.isPresent() && lookup.get().keys().isEmpty()) {
      return CompletableFuture.completedFuture(result(request, projection, Source.empty()));
    }
    return SourceLogs.open(request.sourceLog(), streams, tables, reader)
        .thenApply(log -> result(request, projection, LatestRowPerKey.of(snapshots.read(log, partitionOf(lookup, source, log.partitions())))));
  }

  private static QueryResult result(QueryRequest request, PullProjection projection, Source<InputRecord, NotUsed> records) {
    Source<List<JsonNode>, NotUsed> rows = records.mapConcat(projection::rows);
    long limit = request.limit();
    return new QueryResult(null, projection.columnNames(), projection.columnTypes(), limit < 0 ? rows : rows.take(limit));
  }

  /**
   * The one partition a single-key lookup reads (keys are placed by their text, a windowed key by
   * its inner key, see {@link Partitioner}), or null to read all.
   */
  private static Integer partitionOf(Optional<KeyConstraints.KeyLookup> lookup, SourceSchema source, int partitions) {
    if (lookup.isEmpty() || lookup.get().keys().size() != 1) return null;
    String keyText = new RecordSerde(source.keySerde(), "key").writeText(lookup.get().keys().get(0).toArray());
    return Partitioner.partitionFor(keyText, 0, partitions);
  }
}

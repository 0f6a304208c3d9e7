package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.LogEntry;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.Partitioner;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.core.log.WindowedKey;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.core.sql.plan.PlannedQuery;
import io.streamsql.persistence.aggregate.AggregatePartitionEntity;
import io.streamsql.persistence.aggregate.AggregateProcessors;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.LogPartitionEntity;
import io.streamsql.persistence.sql.QueryDefinition;
import io.streamsql.persistence.sql.QueryEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The streams of an aggregation. Grouping by anything but the source key, stage one turns source
 * records into grouped rows and appends them to the query's repartition log, keyed by the grouping
 * key (exactly once, as a stateless query writes its sink); grouping by the key, the source already
 * is partitioned by group. Stage two, per partition of that input, feeds batches to the partition's
 * {@link AggregatePartitionEntity} — which journals state, position and outputs as one event — and
 * then appends the batch's outputs to the sink with their sequence numbers.
 */
public final class AggregationRunner {
  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);

  private final ActorSystem<?> system;
  private final StreamService streams;
  private final LogReader reader;
  private final ClusterSharding sharding;
  private final int batchRecords;
  private final Duration batchDelay;

  private final boolean coalesce;

  AggregationRunner(ActorSystem<?> system, StreamService streams, LogReader reader, int batchRecords, Duration batchDelay) {
    this.coalesce = system.settings().config().getBoolean("streamsql.sql.aggregate-coalesce");
    this.system = system;
    this.streams = streams;
    this.reader = reader;
    this.sharding = ClusterSharding.get(system);
    this.batchRecords = batchRecords;
    this.batchDelay = batchDelay;
  }

  /** The name of a query's repartition log: internal, beside the query's namespace. */
  static String repartitionLog(QueryDefinition def) {
    return repartitionLog(def.namespace(), def.queryId());
  }

  public static String repartitionLog(String namespace, String queryId) {
    String base = "_internal." + queryId + "-repartition";
    return namespace == null || namespace.isEmpty() ? base : namespace + "." + base;
  }

  EntityRef<AggregatePartitionEntity.Command> partition(QueryDefinition def, String stage, int p) {
    // The aggregate (or join) stage is the query's own state; other stages get their own entities.
    String id = AggregateProcessors.AGGREGATE.equals(stage) || AggregateProcessors.JOIN.equals(stage) ? def.queryId()
        : def.queryId() + "-" + stage;
    return sharding.entityRefFor(AggregatePartitionEntity.TYPE_KEY, AggregatePartitionEntity.entityId(def.namespace(), id, p));
  }

  /**
   * A terminated aggregation's state partitions are cleared (their snapshot chunks deleted) and its
   * repartition log deleted, as ksqlDB deletes a terminated query's state stores and internal topics.
   */
  void release(QueryDefinition def) {
    boolean repartition = def.plan().aggregation().repartition();
    CompletionStage<Integer> partitions = repartition
        ? streams.get(repartitionLog(def)).thenApply(StreamDefinition::partitions)
        : SourceLogs.isTable(def.sourceLog()) ? CompletableFuture.completedFuture(0)
        : streams.get(def.sourceLog()).thenApply(StreamDefinition::partitions);
    boolean regroup = SourceLogs.isTable(def.sourceLog());
    partitions.thenCompose(n -> {
          List<CompletableFuture<?>> clears = new ArrayList<>();
          for (int p = 0; p < n; p++) {
            clears.add(partition(def, AggregateProcessors.AGGREGATE, p).<Done>ask(AggregatePartitionEntity.Clear::new, PROCESS_TIMEOUT)
                .toCompletableFuture());
            if (regroup) {
              clears.add(partition(def, AggregateProcessors.REGROUP, p).<Done>ask(AggregatePartitionEntity.Clear::new, PROCESS_TIMEOUT)
                  .toCompletableFuture());
            }
          }
          return CompletableFuture.allOf(clears.toArray(CompletableFuture[]::new));
        })
        .thenCompose(cleared -> repartition ? streams.delete(repartitionLog(def)).thenApply(d -> Done.getInstance())
            : CompletableFuture.completedFuture(Done.getInstance()))
        .whenComplete((done, error) -> {
          if (error != null) system.log().warn("Could not release the state of terminated query {}: {}", def.queryId(), error.toString());
        });
  }

  /** The repartition log, created on first run with the source's partition count. */
  CompletionStage<StreamDefinition> ensureRepartitionLog(QueryDefinition def, int partitions) {
    String name = repartitionLog(def);
    return streams.get(name).exceptionallyCompose(missing -> streams.create(name, partitions, null)
        .exceptionallyCompose(raced -> streams.get(name)));
  }

  /**
   * A stateful stage over one input log: one pipeline per partition, each resuming where its state
   * partition's journal says, its outputs appended to {@code destination} (the sink, or the
   * repartition log for a table's regroup stage). With {@code toGrouped}, input records are source
   * records turned into grouped rows here (grouping by the source key). With {@code reportProgress}
   * the input is the source, and the query's positions follow the stage's.
   */
  Source<Done, NotUsed> stage(
      QueryDefinition def, PlannedQuery plan, String stageName, LogReader.LogSource log, boolean toGrouped,
      StreamDefinition destination, boolean windowed, boolean reportProgress, ActorRef<QueryEntity.Command> entity) {
    return stage(def, plan, stageName, StageInput.of(reader, log), toGrouped, destination, windowed, reportProgress, entity);
  }

  /** A stateful stage over any {@link StageInput} (a join's source may be a sealed table version). */
  Source<Done, NotUsed> stage(
      QueryDefinition def, PlannedQuery plan, String stageName, StageInput input, boolean toGrouped,
      StreamDefinition destination, boolean windowed, boolean reportProgress, ActorRef<QueryEntity.Command> entity) {
    StreamDefinition sink = destination;
    List<Source<Done, NotUsed>> pipelines = new ArrayList<>();
    for (int p = 0; p < input.partitions(); p++) {
      int partition = p;
      EntityRef<AggregatePartitionEntity.Command> state = partition(def, stageName, p);
      String producer = def.queryId() + "/" + stageName + "/" + p;
      Source<Done, NotUsed> pipeline = Source.completionStage(
              state.<AggregatePartitionEntity.Processed>ask(AggregatePartitionEntity.GetProgress::new, PROCESS_TIMEOUT)
                  // A batch journaled before a crash may not have reached the sink: append it again (the sink keeps each output once).
                  .thenCompose(progress -> append(sink, windowed, producer, progress).thenApply(done -> progress.nextOffset())))
          .flatMapConcat(next -> input.read(partition, next))
          .groupedWithin(batchRecords, batchDelay)
          .mapAsync(1, batch -> {
            long nextOffset = batch.get(batch.size() - 1).offset() + 1;
            List<InputRecord> grouped = toGrouped ? group(plan, batch) : rows(batch);
            return state.<StatusReply<AggregatePartitionEntity.Processed>>ask(
                    r -> new AggregatePartitionEntity.Process(def.queryId(), stageName, plan.plan(), grouped, nextOffset,
                        // Only results coalesce: a table's regroup rows (undo, then add) must all reach the aggregate.
                        coalesce && AggregateProcessors.AGGREGATE.equals(stageName), r), PROCESS_TIMEOUT)
                .thenApply(reply -> {
                  if (reply.isError()) throw new StreamSqlException(ErrorCode.SQL_ERROR, reply.getError().getMessage());
                  return reply.getValue();
                })
                .thenCompose(processed -> append(sink, windowed, producer, processed)
                    .thenApply(done -> Map.of(partition, processed.nextOffset())));
          })
          .mapAsync(1, positions -> reportProgress
              // Grouping by the source key, the query's own positions are the state partitions' (for SHOW QUERIES and status).
              ? AskPattern.<QueryEntity.Command, Done>ask(entity, r -> new QueryEntity.Progress(positions, r), Duration.ofSeconds(30),
                  system.scheduler())
              : CompletableFuture.completedFuture(Done.getInstance()));
      pipelines.add(pipeline);
    }
    return pipelines.size() == 1 ? pipelines.get(0) : Source.from(pipelines).flatMapMerge(pipelines.size(), x -> x);
  }

  private static List<InputRecord> rows(List<LogEntry> batch) {
    List<InputRecord> rows = new ArrayList<>(batch.size());
    for (LogEntry e : batch) {
      StoredRecord r = e.record();
      rows.add(new InputRecord(r.key(), r.value(), r.timestamp(), e.partition(), e.offset(), r.headers()));
    }
    return rows;
  }

  private static List<InputRecord> group(PlannedQuery plan, List<LogEntry> batch) {
    List<InputRecord> rows = new ArrayList<>(batch.size());
    for (LogEntry e : batch) {
      StoredRecord r = e.record();
      plan.processor().process(new InputRecord(r.key(), r.value(), r.timestamp(), e.partition(), e.offset(), r.headers()),
          out -> rows.add(new InputRecord(out.keyJson(), out.valueJson(), out.timestamp(), e.partition(), e.offset())));
    }
    return rows;
  }

  /** Appends a batch's outputs to the sink partitions their keys pick, numbered from the batch's first sequence. */
  private CompletionStage<Done> append(
      StreamDefinition sink, boolean windowed, String producer, AggregatePartitionEntity.Processed processed) {
    List<OutputRecord> outputs = processed.outputs();
    if (outputs.isEmpty()) return CompletableFuture.completedFuture(Done.getInstance());
    int partitions = sink.partitions();
    @SuppressWarnings("unchecked")
    List<Integer>[] indexes = new List[partitions];
    for (int i = 0; i < outputs.size(); i++) {
      String key = outputs.get(i).keyJson();
      // Windows of one key share a partition: a windowed key is placed by its inner key.
      int p = Partitioner.partitionFor(windowed && key != null ? WindowedKey.parse(key).keyJson() : key, 0, partitions);
      if (indexes[p] == null) indexes[p] = new ArrayList<>();
      indexes[p].add(i);
    }
    List<CompletableFuture<?>> appends = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      if (indexes[p] == null) continue;
      List<StoredRecord> records = new ArrayList<>();
      List<String> producers = new ArrayList<>();
      List<Long> sequences = new ArrayList<>();
      for (int i : indexes[p]) {
        OutputRecord o = outputs.get(i);
        records.add(new StoredRecord(o.keyJson(), o.valueJson(), o.timestamp(), o.headers()));
        producers.add(producer);
        sequences.add(processed.firstSequence() + i);
      }
      int partition = p;
      appends.add(streams.partition(sink, p).<StatusReply<LogPartitionEntity.Appended>>ask(
              r -> new LogPartitionEntity.AppendIdempotent(records, producers, sequences, sink.retention(), r), streams.settings().askTimeout())
          .thenApply(StatusReply::getValue).toCompletableFuture());
    }
    return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).thenApply(done -> Done.getInstance());
  }
}

package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.LogEntry;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.core.log.Partitioner;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.PlanCompiler;
import io.streamsql.core.sql.plan.PlannedQuery;
import io.streamsql.core.sql.plan.QueryPlan;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.LogPartitionEntity;
import io.streamsql.persistence.sql.QueryDefinition;
import io.streamsql.persistence.sql.QueryEntity;
import io.streamsql.persistence.sql.QueryRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The stream of a persistent query: follows every partition of the source log from the
 * journaled positions, runs the compiled operators on batches of records, appends the outputs to
 * the sink log with {@code AppendIdempotent} (producer = query + source partition, sequence =
 * source offset and output index), and only then journals the new positions.
 */
public final class SqlQueryRunner implements QueryRunner {
  /** Outputs per input record are numbered within this many; table functions may not exceed it. */
  static final long OUTPUTS_PER_INPUT = 1024;

  private final ActorSystem<?> system;
  private final StreamService streams;
  private final TableService tables;
  private final LogReader reader;
  private final ProcessingLogWriter processingLog;
  private final int batchRecords;
  private final Duration batchDelay;
  private final int progressEvery;
  private final java.util.concurrent.Executor executor;
  private final AggregationRunner aggregations;
  private final JoinRunner joins;
  private final io.streamsql.cluster.metrics.QueryInputLag inputLag;

  public SqlQueryRunner(
      ActorSystem<?> system, StreamService streams, TableService tables, LogReader reader, ProcessingLogWriter processingLog,
      io.streamsql.cluster.metrics.QueryInputLag inputLag) {
    this.system = system;
    this.inputLag = inputLag;
    this.streams = streams;
    this.tables = tables;
    this.reader = reader;
    this.processingLog = processingLog;
    this.batchRecords = system.settings().config().getInt("streamsql.sql.batch-records");
    this.batchDelay = system.settings().config().getDuration("streamsql.sql.batch-delay");
    this.executor = system.executionContext();
    this.progressEvery = Math.max(1, system.settings().config().getInt("streamsql.sql.progress-every-batches"));
    this.aggregations = new AggregationRunner(system, streams, reader, batchRecords, batchDelay);
    this.joins = new JoinRunner(system, streams, tables, reader, aggregations);
  }

  @Override
  public Running run(QueryDefinition def, Map<Integer, Long> from, ActorRef<QueryEntity.Command> entity) {
    // The operators come from the stored plan; only definitions from before plans were stored are planned from their SQL.
    QueryPlan stored = def.plan() != null ? def.plan() : planOf(def);
    PlannedQuery plan = new PlanCompiler(FunctionRegistry.standard()).compile(stored,
        (message, record) -> processingLog.report(def, message, record));
    CompletionStage<LogReader.LogSource> sourceLog = SourceLogs.open(def.sourceLog(), streams, tables, reader);
    CompletionStage<StreamDefinition> sinkLog = streams.get(def.sinkLog());
    UniqueKillSwitch[] kill = new UniqueKillSwitch[1];
    var pair = Source.completionStage(sourceLog.thenCombine(sinkLog, (s, t) -> new Object[] {s, t}))
        .flatMapConcat(logs -> plan.isJoin() ? joins.run(def, plan, (StreamDefinition) logs[1], entity)
            : plan.isAggregation()
            ? aggregate(def, plan, (LogReader.LogSource) logs[0], (StreamDefinition) logs[1], from, entity)
            : process(def, plan, (LogReader.LogSource) logs[0], (StreamDefinition) logs[1], from, entity))
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.ignore(), Keep.both())
        .run(system);
    kill[0] = pair.first();
    pair.second().whenComplete((done, error) -> {
      if (error != null) entity.tell(new QueryEntity.RunnerStopped(String.valueOf(error.getMessage())));
    });
    return () -> kill[0].shutdown();
  }

  /** An aggregation: grouped rows through the repartition log (unless grouped by the source key), then the state partitions. */
  private Source<Done, NotUsed> aggregate(
      QueryDefinition def, PlannedQuery plan, LogReader.LogSource source, StreamDefinition sink, Map<Integer, Long> from,
      ActorRef<QueryEntity.Command> entity) {
    String aggregate = io.streamsql.persistence.aggregate.AggregateProcessors.AGGREGATE;
    boolean windowed = plan.sink().isWindowed();
    if (!plan.aggregation().repartition()) return aggregations.stage(def, plan, aggregate, source, true, sink, windowed, true, entity);
    return Source.completionStage(aggregations.ensureRepartitionLog(def, source.partitions()))
        .flatMapConcat(repartition -> {
          Source<Done, NotUsed> grouping = plan.source().isTable()
              // A table's row changes need the rows they replace: a stateful regroup stage remembers them.
              ? aggregations.stage(def, plan, io.streamsql.persistence.aggregate.AggregateProcessors.REGROUP, source, false, repartition,
                  false, true, entity)
              : process(def, plan, source, repartition, from, entity);
          return grouping.merge(aggregations.stage(def, plan, aggregate, reader.source(repartition), false, sink, windowed, false, entity));
        });
  }

  @Override
  public void released(QueryDefinition def) {
    if (def.plan() != null && def.plan().aggregation() != null) aggregations.release(def);
    if (def.plan() != null && def.plan().join() != null) joins.release(def);
  }

  @Override
  public QueryPlan planOf(QueryDefinition legacy) {
    return LegacyPlans.of(legacy);
  }

  private Source<Done, NotUsed> process(
      QueryDefinition def, PlannedQuery plan, LogReader.LogSource sourceLog, StreamDefinition sinkLog, Map<Integer, Long> from,
      ActorRef<QueryEntity.Command> entity) {
    // One pipeline per source partition: partitions are processed in parallel, each in order.
    var lag = inputLag.track(def.queryId(), sourceLog, from);
    List<Source<Done, NotUsed>> pipelines = new ArrayList<>();
    for (int p = 0; p < sourceLog.partitions(); p++) {
      long offset = from.getOrDefault(p, 0L);
      pipelines.add(reader.read(sourceLog, (Integer) p, new ReadPosition.AtOffset(offset), true)
          .groupedWithin(batchRecords, batchDelay)
          .mapAsync(1, batch -> CompletableFuture.supplyAsync(() -> outputs(def, plan, sinkLog, batch), executor)
              .thenCompose(outputs -> append(sinkLog, outputs)))
          .map(positions -> {
            positions.forEach(lag::processed);
            return positions;
          })
          .statefulMap(Pending::new, (pending, positions) -> {
            positions.forEach((part, next) -> pending.positions.merge(part, next, Math::max));
            if (++pending.batches < progressEvery) return org.apache.pekko.japi.Pair.create(pending, Map.<Integer, Long>of());
            return org.apache.pekko.japi.Pair.create(new Pending(), (Map<Integer, Long>) new HashMap<>(pending.positions));
          }, pending -> java.util.Optional.empty())
          .filter(due -> !due.isEmpty())
          .mapAsync(1, positions -> AskPattern.<QueryEntity.Command, Done>ask(
              entity, r -> new QueryEntity.Progress(positions, r), Duration.ofSeconds(30), system.scheduler())));
    }
    Source<Done, NotUsed> all = pipelines.size() == 1 ? pipelines.get(0) : Source.from(pipelines).flatMapMerge(pipelines.size(), x -> x);
    return all.watchTermination((m, done) -> {
      done.whenComplete((d, error) -> lag.close());
      return m;
    });
  }

  /** Positions whose outputs are in the sink but not yet journaled. */
  private static final class Pending {
    final Map<Integer, Long> positions = new HashMap<>();
    int batches;
  }

  /** The outputs of one batch, by sink partition, with the positions they complete. */
  private record BatchOutputs(
      List<StoredRecord>[] records, List<String>[] producers, List<Long>[] sequences, Map<Integer, Long> positions) {}

  @SuppressWarnings("unchecked")
  private BatchOutputs outputs(QueryDefinition def, PlannedQuery plan, StreamDefinition sinkLog, List<LogEntry> batch) {
    int sinkPartitions = sinkLog.partitions();
    List<StoredRecord>[] records = new List[sinkPartitions];
    List<String>[] producers = new List[sinkPartitions];
    List<Long>[] sequences = new List[sinkPartitions];
    Map<Integer, Long> positions = new HashMap<>();
    boolean windowed = plan.sink().isWindowed() && !plan.isAggregation();
    // A pipeline reads one source partition, so a batch has one producer; the map only guards that.
    Map<Integer, String> producerOf = new HashMap<>();
    for (LogEntry entry : batch) {
      StoredRecord r = entry.record();
      String producer = producerOf.computeIfAbsent(entry.partition(), p -> def.queryId() + "/" + p);
      long[] index = {0};
      plan.processor().process(new InputRecord(r.key(), r.value(), r.timestamp(), entry.partition(), entry.offset(), r.headers()), out -> {
        // Windows of one key share a partition: a windowed key is placed by its inner key.
        String placement = windowed && out.keyJson() != null ? io.streamsql.core.log.WindowedKey.parse(out.keyJson()).keyJson() : out.keyJson();
        int p = Partitioner.partitionFor(placement, entry.partition(), sinkPartitions);
        if (records[p] == null) {
          records[p] = new ArrayList<>();
          producers[p] = new ArrayList<>();
          sequences[p] = new ArrayList<>();
        }
        // Headers travel with the record to its outputs, as Kafka Streams forwards them in ksqlDB.
        records[p].add(new StoredRecord(out.keyJson(), out.valueJson(), out.timestamp(), r.headers()));
        producers[p].add(producer);
        sequences[p].add(entry.offset() * OUTPUTS_PER_INPUT + index[0]++);
      });
      positions.merge(entry.partition(), entry.offset() + 1, Math::max);
    }
    return new BatchOutputs(records, producers, sequences, positions);
  }

  private CompletionStage<Map<Integer, Long>> append(StreamDefinition sinkLog, BatchOutputs out) {
    List<CompletableFuture<?>> appends = new ArrayList<>();
    for (int p = 0; p < out.records().length; p++) {
      if (out.records()[p] == null) continue;
      int partition = p;
      appends.add(streams.partition(sinkLog, p).<StatusReply<LogPartitionEntity.Appended>>ask(
              reply -> new LogPartitionEntity.AppendIdempotent(out.records()[partition], out.producers()[partition],
                  out.sequences()[partition], sinkLog.retention(), reply), streams.settings().askTimeout())
          .thenApply(StatusReply::getValue).toCompletableFuture());
    }
    return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).thenApply(done -> out.positions());
  }
}

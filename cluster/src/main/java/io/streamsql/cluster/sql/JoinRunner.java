package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.LogReader;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.core.sql.plan.PlannedQuery;
import io.streamsql.core.sql.plan.SourceSchemas;
import io.streamsql.core.sql.plan.join.JoinPlan;
import io.streamsql.persistence.aggregate.AggregatePartitionEntity;
import io.streamsql.persistence.aggregate.AggregateProcessors;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.sql.QueryDefinition;
import io.streamsql.persistence.sql.QueryEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The streams of a join. Stage one, per source and source partition, keys each record by the value
 * it joins on and appends it, tagged with its source, to the query's join input log (the
 * repartition log of an aggregation, by the same name); its {@code join-side-i} state entity
 * journals the position with the batch, so the input log gets every record once. Stage two, per
 * partition of the input log, feeds the join's state partition — which journals state, position
 * and outputs as one event — and appends the outputs to the sink, as an aggregation does.
 * One input log gives one order of both sides per partition: a replay after a crash sees the
 * records in the order the first run did.
 */
final class JoinRunner {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ActorSystem<?> system;
  private final StreamService streams;
  private final TableService tables;
  private final LogReader reader;
  private final AggregationRunner stages;

  JoinRunner(ActorSystem<?> system, StreamService streams, TableService tables, LogReader reader, AggregationRunner stages) {
    this.system = system;
    this.streams = streams;
    this.tables = tables;
    this.reader = reader;
    this.stages = stages;
  }

  Source<Done, NotUsed> run(QueryDefinition def, PlannedQuery plan, StreamDefinition sink, ActorRef<QueryEntity.Command> entity) {
    JoinPlan join = plan.plan().join();
    List<CompletableFuture<StageInput>> logs = new ArrayList<>();
    for (JoinPlan.Source s : join.sources()) logs.add(sourceLog(s.log()).toCompletableFuture());
    boolean windowedInput = join.sources().stream().anyMatch(s -> SourceSchemas.fromDdl(s.ddl()).isWindowed());
    CompletionStage<List<StageInput>> all = CompletableFuture.allOf(logs.toArray(CompletableFuture[]::new))
        .thenApply(done -> logs.stream().map(CompletableFuture::join).toList());
    return Source.completionStage(all.thenCompose(sources -> stages.ensureRepartitionLog(def, partitions(sources))
            .thenApply(input -> new Object[] {sources, input})))
        .flatMapConcat(pair -> {
          @SuppressWarnings("unchecked")
          List<StageInput> sources = (List<StageInput>) pair[0];
          StreamDefinition input = (StreamDefinition) pair[1];
          Source<Done, NotUsed> state = stages.stage(def, plan, AggregateProcessors.JOIN, reader.source(input), false, sink,
              plan.sink().isWindowed(), false, entity);
          // A sealed table version is keyed into the input log before any other source: every record
          // that comes later meets the whole version, in this run and in any re-run.
          Source<Done, NotUsed> versions = Source.empty();
          Source<Done, NotUsed> tableSides = Source.empty();
          Source<Done, NotUsed> streamSides = Source.empty();
          List<CompletionStage<Done>> tablesLoaded = new ArrayList<>();
          for (int i = 0; i < sources.size(); i++) {
            // The first source's positions are the query's own (SHOW QUERIES, and what a status reports).
            Source<Done, NotUsed> side = stages.stage(def, plan, AggregateProcessors.JOIN_SIDE + i, sources.get(i), false, input,
                windowedInput, i == 0, entity);
            JoinPlan.Source source = join.sources().get(i);
            if (SourceLogs.isVersion(source.log())) {
              versions = versions.merge(side);
            } else if (SourceSchemas.fromDdl(source.ddl()).isTable()) {
              tableSides = tableSides.merge(side);
              tablesLoaded.add(caughtUp(def, i, sources.get(i)));
            } else {
              streamSides = streamSides.merge(side);
            }
          }
          // What a table holds when the query starts is keyed before any stream record, as if processed in
          // time order: a stream record then meets the table as it was loaded, in this run and in a re-run.
          Source<Done, NotUsed> streamStages = streamSides;
          Source<Done, NotUsed> streamsAfterTables = Source.completionStage(
                  CompletableFuture.allOf(tablesLoaded.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
                      .thenApply(loaded -> Done.getInstance()))
              .flatMapConcat(loaded -> streamStages);
          Source<Done, NotUsed> rest = tableSides.merge(streamsAfterTables);
          Source<Done, NotUsed> all2 = state.merge(versions.concat(Source.lazySource(() -> rest).mapMaterializedValue(m -> NotUsed.getInstance())));
          return all2;
        });
  }

  /** Completes once the side stage of source {@code i} has keyed every record its log held when this was asked. */
  private CompletionStage<Done> caughtUp(QueryDefinition def, int i, StageInput input) {
    return input.ends().thenCompose(ends -> poll(def, AggregateProcessors.JOIN_SIDE + i, ends));
  }

  private CompletionStage<Done> poll(QueryDefinition def, String stage, List<Long> ends) {
    List<CompletableFuture<Boolean>> done = new ArrayList<>();
    for (int p = 0; p < ends.size(); p++) {
      long end = ends.get(p);
      if (end == 0) continue;
      done.add(stages.partition(def, stage, p).<AggregatePartitionEntity.Processed>ask(AggregatePartitionEntity.GetProgress::new, TIMEOUT)
          .thenApply(progress -> progress.nextOffset() >= end).toCompletableFuture());
    }
    return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).thenCompose(all -> {
      if (done.stream().allMatch(CompletableFuture::join)) return CompletableFuture.completedFuture(Done.getInstance());
      return org.apache.pekko.pattern.Patterns.after(Duration.ofMillis(50), system.classicSystem(), () -> poll(def, stage, ends));
    });
  }

  /** The input log has as many partitions as the widest source (co-partitioned sources have the same count). */
  private static int partitions(List<StageInput> sources) {
    int n = 1;
    for (StageInput s : sources) n = Math.max(n, s.partitions());
    return n;
  }

  private CompletionStage<StageInput> sourceLog(String log) {
    return StageInput.open(log, streams, tables, reader);
  }

  /** A terminated join's state partitions and stage positions are cleared and its input log deleted. */
  void release(QueryDefinition def) {
    JoinPlan join = def.plan().join();
    String input = AggregationRunner.repartitionLog(def);
    streams.get(input).thenApply(StreamDefinition::partitions).exceptionally(missing -> 0)
        .thenCompose(n -> {
          List<CompletableFuture<?>> clears = new ArrayList<>();
          for (int p = 0; p < n; p++) clears.add(clear(def, AggregateProcessors.JOIN, p));
          List<CompletableFuture<?>> sides = new ArrayList<>();
          for (int i = 0; i < join.sources().size(); i++) {
            String stage = AggregateProcessors.JOIN_SIDE + i;
            sides.add(sourceLog(join.sources().get(i).log()).toCompletableFuture().thenCompose(log -> {
              List<CompletableFuture<?>> c = new ArrayList<>();
              for (int p = 0; p < log.partitions(); p++) c.add(clear(def, stage, p));
              return CompletableFuture.allOf(c.toArray(CompletableFuture[]::new));
            }));
          }
          clears.addAll(sides);
          return CompletableFuture.allOf(clears.toArray(CompletableFuture[]::new));
        })
        .thenCompose(cleared -> streams.delete(input))
        .whenComplete((done, error) -> {
          if (error != null) system.log().warn("Could not release the state of terminated join {}: {}", def.queryId(), error.toString());
        });
  }

  private CompletableFuture<Done> clear(QueryDefinition def, String stage, int p) {
    return stages.partition(def, stage, p).<Done>ask(AggregatePartitionEntity.Clear::new, TIMEOUT).toCompletableFuture();
  }
}

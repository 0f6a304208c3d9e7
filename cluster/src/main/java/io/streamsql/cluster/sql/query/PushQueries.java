package io.streamsql.cluster.sql.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.sql.SourceLogs;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.ProcessingLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Push queries ({@code EMIT CHANGES}): the SELECT's operators run on this node over every
 * partition of the source log, wherever its partitions are hosted (the log is read from the
 * journal and followed live), from the earliest record or from now ({@code auto.offset.reset}),
 * until LIMIT, close or client disconnect. Each running query is a {@link PushQueryActor}.
 */
public final class PushQueries implements io.streamsql.cluster.sql.TransientQueries {
  private static final Duration ASK = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final StreamService streams;
  private final TableService tables;
  private final LogReader reader;
  /** This node's running queries: closing one here needs no receptionist round (whose listing lags registration). */
  private final java.util.concurrent.ConcurrentHashMap<String, ActorRef<PushQueryActor.Command>> local =
      new java.util.concurrent.ConcurrentHashMap<>();

  public PushQueries(ActorSystem<?> system, StreamService streams, TableService tables, LogReader reader) {
    this.system = system;
    this.streams = streams;
    this.tables = tables;
    this.reader = reader;
  }

  public CompletionStage<QueryResult> start(QueryRequest request) {
    TransientPlan plan;
    ReadPosition from;
    try {
      plan = TransientPlan.of(request, ProcessingLog.IGNORE);
      from = offsetReset(request.properties());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    String queryId = "transient_" + request.source().name() + "_" + Math.abs(ThreadLocalRandom.current().nextLong() % 1_000_000_000_000_000L);
    long limit = request.limit();
    var description = new PushQueryActor.Description(queryId, request.text(), request.source().name(), System.currentTimeMillis());
    return outputs(plan, request, from).thenApply(outputs -> {
      // A tombstone (a deleted table row) has no row to send.
      Source<List<JsonNode>, NotUsed> rows = outputs.mapConcat(o -> {
        List<JsonNode> row = plan.row(o);
        return row == null ? List.<List<JsonNode>>of() : List.of(row);
      });
      if (limit >= 0) rows = rows.take(limit);
      Source<List<JsonNode>, NotUsed> controlled = rows
          .viaMat(KillSwitches.single(), Keep.right())
          .mapMaterializedValue(kill -> {
            ActorRef<PushQueryActor.Command> actor = system.systemActorOf(
                PushQueryActor.create(description, kill), actorName(queryId), Props.empty());
            local.put(queryId, actor);
            return actor;
          })
          .watchTermination((actor, done) -> {
            done.whenComplete((d, e) -> {
              local.remove(queryId);
              actor.tell(new PushQueryActor.Finished());
            });
            return NotUsed.getInstance();
          });
      return new QueryResult(queryId, plan.columnNames(), plan.columnTypes(), controlled);
    });
  }

  /** The query's output records: its operators run over its source from {@code from}. */
  private CompletionStage<Source<io.streamsql.core.sql.plan.OutputRecord, NotUsed>> outputs(
      TransientPlan plan, QueryRequest request, ReadPosition from) {
    if (plan.planned().isJoin()) return new TransientJoin(plan.planned()).run(from, streams, tables, reader);
    // Each query gets its own operators: an aggregation's state belongs to this query alone.
    io.streamsql.core.sql.plan.QueryProcessor operators =
        plan.planned().isAggregation() ? new TransientAggregation(plan.planned()) : plan.planned().processor();
    return SourceLogs.open(request.sourceLog(), streams, tables, reader).thenCompose(log -> start(log, from))
        .thenApply(entries -> entries.mapConcat(entry -> {
          StoredRecord r = entry.record();
          List<io.streamsql.core.sql.plan.OutputRecord> out = new ArrayList<>(1);
          operators.process(new InputRecord(r.key(), r.value(), r.timestamp(), entry.partition(), entry.offset(), r.headers()), out::add);
          return out;
        }));
  }

  /**
   * The records the query reads. From {@code latest}, each partition's end is taken now, before the
   * response starts: every record appended after the header was sent reaches the client.
   */
  private CompletionStage<Source<io.streamsql.cluster.streams.LogEntry, NotUsed>> start(LogReader.LogSource log, ReadPosition from) {
    if (!(from instanceof ReadPosition.Latest)) return CompletableFuture.completedFuture(reader.read(log, null, from, true));
    return log.states().get().thenApply(states -> {
      List<Source<io.streamsql.cluster.streams.LogEntry, NotUsed>> partitions = new ArrayList<>();
      for (int p = 0; p < log.partitions(); p++) {
        partitions.add(reader.read(log, p, new ReadPosition.AtOffset(states.get(p).nextOffset()), true));
      }
      return partitions.size() == 1 ? partitions.get(0) : Source.from(partitions).flatMapMerge(partitions.size(), x -> x);
    });
  }

  /** ksqlDB's {@code auto.offset.reset}: push queries start at the end of the log unless it is {@code earliest}. */
  private static ReadPosition offsetReset(Map<String, Object> properties) {
    Object reset = properties.get("auto.offset.reset");
    if (reset == null) reset = properties.get("ksql.streams.auto.offset.reset");
    if (reset == null) return new ReadPosition.Latest();
    String text = String.valueOf(reset).toLowerCase(Locale.ROOT);
    return switch (text) {
      case "earliest" -> new ReadPosition.Earliest();
      case "latest" -> new ReadPosition.Latest();
      default -> throw new StreamSqlException(ErrorCode.SQL_ERROR,
          "Invalid value " + reset + " for configuration auto.offset.reset: String must be one of: latest, earliest, none");
    };
  }

  @Override
  public CompletionStage<List<Running>> running() {
    return descriptions().thenApply(all -> all.stream().map(d -> new Running(d.queryId(), d.statement(), d.source())).toList());
  }

  /** The running push queries of the whole cluster. */
  public CompletionStage<List<PushQueryActor.Description>> descriptions() {
    return listing().thenCompose(refs -> {
      List<CompletableFuture<PushQueryActor.Description>> asks = new ArrayList<>();
      for (ActorRef<PushQueryActor.Command> ref : refs) {
        asks.add(AskPattern.<PushQueryActor.Command, PushQueryActor.Description>ask(ref, PushQueryActor.Describe::new, ASK, system.scheduler())
            .toCompletableFuture().exceptionally(e -> null));
      }
      return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
          .thenApply(done -> asks.stream().map(CompletableFuture::join).filter(d -> d != null).toList());
    });
  }

  /** Ends the push query with this id, on whichever node runs it; false when there is none. */
  @Override
  public CompletionStage<Boolean> close(String queryId) {
    for (var e : local.entrySet()) {
      if (e.getKey().equalsIgnoreCase(queryId)) {
        e.getValue().tell(new PushQueryActor.Close());
        return CompletableFuture.completedFuture(true);
      }
    }
    String name = actorName(queryId);
    return listing().thenApply(refs -> {
      boolean found = false;
      for (ActorRef<PushQueryActor.Command> ref : refs) {
        if (ref.path().name().equalsIgnoreCase(name)) {
          ref.tell(new PushQueryActor.Close());
          found = true;
        }
      }
      return found;
    });
  }

  /** Source names may be quoted identifiers with any character; actor names may not. */
  private static String actorName(String queryId) {
    return java.net.URLEncoder.encode(queryId, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** How many push queries run on this node. */
  public int runningHere() {
    return local.size();
  }

  private CompletionStage<java.util.Set<ActorRef<PushQueryActor.Command>>> listing() {
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            r -> Receptionist.find(PushQueryActor.KEY, r), ASK, system.scheduler())
        .thenApply(listing -> listing.getServiceInstances(PushQueryActor.KEY));
  }
}

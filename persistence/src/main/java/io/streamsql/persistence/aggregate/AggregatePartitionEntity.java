package io.streamsql.persistence.aggregate;

import io.streamsql.core.sql.plan.AggregateProcessor;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.core.sql.plan.QueryPlan;
import io.streamsql.persistence.CborSerializable;
import io.streamsql.persistence.table.ChunkStore;
import io.streamsql.persistence.table.SnapshotRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One state partition of an aggregation (a persistent query with GROUP BY), cluster-sharded and
 * journaled in Cassandra. Its query's runner feeds it batches of grouped rows from one partition of
 * the input (the repartition log, or the source when grouping by its key); it runs them through the
 * {@link AggregateProcessor} and journals ONE event per batch holding the changed groups, the next
 * input offset and the batch's outputs. So state, position and output commit together: after a
 * crash the state is exactly that of the last journaled batch, input resumes after it, and the
 * runner appends that batch's outputs again with their sequence numbers (the sink keeps each once).
 *
 * <p>Snapshots are chunked as table partitions' are: the groups are written to a {@link ChunkStore}
 * in bounded chunks and the Pekko snapshot only names them, so recovery never replays the input
 * from the beginning and no stored blob grows with the state.
 */
public final class AggregatePartitionEntity
    extends EventSourcedBehaviorWithEnforcedReplies<AggregatePartitionEntity.Command, AggregatePartitionEntity.Event, AggregateState> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "AggregatePartition");

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  /**
   * A batch of grouped rows read from the input partition, ending before {@code nextOffset}. Rows
   * below the partition's position were processed already (a retried batch) and are skipped.
   */
  public record Process(String queryId, String stage, QueryPlan plan, List<InputRecord> records, long nextOffset, boolean coalesce,
      ActorRef<StatusReply<Processed>> replyTo) implements Command {}

  /** The outputs of a batch, numbered from {@code firstSequence}, to append to the sink. */
  public record Processed(List<OutputRecord> outputs, long firstSequence, long nextOffset) implements CborSerializable {}

  /** Where the partition stands: its next input offset and the last batch's outputs (appended again after a restart). */
  public record GetProgress(ActorRef<Processed> replyTo) implements Command {}

  /**
   * The current result of a group, as the sink holds it: one row, or (windowStart null, windowed) a row
   * per window. For lookups of the materialized table.
   */
  public record Lookup(String queryId, QueryPlan plan, String groupKey, Long windowStart, ActorRef<RowPage> replyTo) implements Command {}

  /** Up to {@code limit} groups after {@code afterGroupKey} (null: the first), in group key order, with every window's row. */
  public record Scan(String queryId, QueryPlan plan, String afterGroupKey, int limit, ActorRef<RowPage> replyTo) implements Command {}

  /** A result row: the sink's key JSON (windowed keys carry the window) and value JSON. */
  public record Row(String keyJson, byte[] value) implements CborSerializable {}

  /** Rows, the last group key they cover (for the next page), and whether more groups follow. */
  public record RowPage(List<Row> rows, String lastGroupKey, boolean more) implements CborSerializable {}

  /** Drops the state (its query was terminated). */
  public record Clear(ActorRef<Done> replyTo) implements Command {}

  private record ChunksWritten(SnapshotRef ref) implements Command {}

  private record SnapshotLoaded(Map<String, byte[]> groups) implements Command {}

  private record SnapshotFailed(String what, Throwable error) implements Command {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  /** One processed batch: changed groups (null = left the state), the next input offset, stream time, and the outputs. */
  public record BatchAggregated(
      long nextOffset, long streamTime, Map<String, byte[]> changes, List<OutputRecord> outputs, long firstSequence) implements Event {}

  public record SnapshotTaken(SnapshotRef ref) implements Event {}

  public record Cleared() implements Event {}

  /** Snapshot settings: chunk size, and the fewest changed groups that make a snapshot worth it. */
  public record Settings(long chunkBytes, long minChanges) {}

  public static String entityId(String namespace, String queryId, int partition) {
    return namespace + "/" + queryId + "/" + partition;
  }

  /** The namespace part of an entity id (namespace/queryId/partition). */
  static String namespaceOf(String entityId) {
    int last = entityId.lastIndexOf('/');
    int query = last <= 0 ? -1 : entityId.lastIndexOf('/', last - 1);
    return query < 0 ? "" : entityId.substring(0, query);
  }

  public static PersistenceId persistenceId(String entityId) {
    return PersistenceId.of(TYPE_KEY.name(), entityId);
  }

  public static Behavior<Command> create(String entityId, AggregateProcessors processors, Settings settings, ChunkStore chunks) {
    return Behaviors.setup(ctx -> new AggregatePartitionEntity(ctx, entityId, processors, settings, chunks));
  }

  private final ActorContext<Command> context;
  private final AggregateProcessors processors;
  private final Settings settings;
  private final ChunkStore chunks;
  /** The decoded state, built from the journaled groups on the first batch of this incarnation. */
  private io.streamsql.core.sql.plan.StatefulProcessor processor;
  private QueryPlan processorPlan;
  private final String namespace;

  private AggregatePartitionEntity(
      ActorContext<Command> context, String entityId, AggregateProcessors processors, Settings settings, ChunkStore chunks) {
    super(persistenceId(entityId));
    this.context = context;
    this.namespace = namespaceOf(entityId);
    this.processors = processors;
    this.settings = settings;
    this.chunks = chunks;
  }

  @Override
  public AggregateState emptyState() {
    return new AggregateState();
  }

  @Override
  public boolean shouldSnapshot(AggregateState state, Event event, long sequenceNr) {
    return event instanceof SnapshotTaken;
  }

  @Override
  public SnapshotAdapter<AggregateState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(AggregateState state) {
        return new AggregateState.Snapshot(state.snapshot, state.nextOffset, state.streamTime, state.nextSequence, state.lastOutputs,
            state.lastFirstSequence);
      }

      @Override
      public AggregateState fromJournal(Object from) {
        AggregateState.Snapshot s = (AggregateState.Snapshot) from;
        AggregateState state = new AggregateState();
        state.snapshot = s.ref();
        state.nextOffset = s.nextOffset();
        state.streamTime = s.streamTime();
        state.nextSequence = s.nextSequence();
        state.lastOutputs = s.lastOutputs() == null ? List.of() : s.lastOutputs();
        state.lastFirstSequence = s.lastFirstSequence();
        state.phase = AggregateState.Phase.LOADING;
        return state;
      }
    };
  }

  @Override
  public SignalHandler<AggregateState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.phase != AggregateState.Phase.LOADING) return;
          SnapshotRef ref = state.snapshot;
          context.pipeToSelf(chunks.read(persistenceId().id(), ref.snapshotId(), ref.chunks())
                  .thenApplyAsync(GroupChunks::decode, context.getExecutionContext()),
              (groups, error) -> error == null ? new SnapshotLoaded(groups) : new SnapshotFailed("reading snapshot " + ref.snapshotId(), error));
        })
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, AggregateState> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forState(s -> s.phase == AggregateState.Phase.LOADING)
        .onCommand(SnapshotLoaded.class, this::onLoaded)
        .onCommand(SnapshotFailed.class, this::onSnapshotFailed)
        .onAnyCommand((state, cmd) -> Effect().stash());
    builder.forState(s -> s.phase == AggregateState.Phase.SNAPSHOTTING)
        .onCommand(ChunksWritten.class, this::onChunksWritten)
        .onCommand(SnapshotFailed.class, this::onSnapshotFailed)
        .onCommand(GetProgress.class, this::onGetProgress)
        .onAnyCommand((state, cmd) -> Effect().stash());
    builder.forAnyState()
        .onCommand(Process.class, this::onProcess)
        .onCommand(GetProgress.class, this::onGetProgress)
        .onCommand(Lookup.class, this::onLookup)
        .onCommand(Scan.class, this::onScan)
        .onCommand(Clear.class, this::onClear)
        .onCommand(ChunksWritten.class, (state, cmd) -> Effect().noReply())
        .onCommand(SnapshotLoaded.class, (state, cmd) -> Effect().noReply())
        .onCommand(SnapshotFailed.class, (state, cmd) -> Effect().noReply());
    return builder.build();
  }

  private ReplyEffect<Event, AggregateState> onGetProgress(AggregateState state, GetProgress cmd) {
    return Effect().reply(cmd.replyTo(), new Processed(state.lastOutputs, state.lastFirstSequence, state.nextOffset));
  }

  private io.streamsql.core.sql.plan.StatefulProcessor processor(AggregateState state, String queryId, String stage, QueryPlan plan) {
    if (processor == null || !plan.equals(processorPlan)) {
      io.streamsql.core.sql.plan.StatefulProcessor p = processors.create(namespace, queryId, stage, plan);
      state.groups.forEach(p::restore);
      p.restoreStreamTime(state.streamTime);
      processor = p;
      processorPlan = plan;
    }
    return processor;
  }

  private ReplyEffect<Event, AggregateState> onProcess(AggregateState state, Process cmd) {
    if (cmd.nextOffset() <= state.nextOffset) {
      // A batch processed before (its reply was lost): the same outputs again if it was the last one.
      boolean last = cmd.nextOffset() == state.nextOffset;
      return Effect().reply(cmd.replyTo(), StatusReply.success(
          new Processed(last ? state.lastOutputs : List.of(), state.lastFirstSequence, state.nextOffset)));
    }
    io.streamsql.core.sql.plan.StatefulProcessor p;
    try {
      p = processor(state, cmd.queryId(), cmd.stage(), cmd.plan());
    } catch (RuntimeException e) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("The aggregation cannot run its plan: " + e.getMessage()));
    }
    List<OutputRecord> batchOutputs = new ArrayList<>();
    for (InputRecord r : cmd.records()) {
      if (r.offset() < state.nextOffset) continue;
      p.process(r, batchOutputs::add);
    }

    p.endOfBatch();
    List<OutputRecord> outputs = cmd.coalesce() ? newestPerKey(batchOutputs) : batchOutputs;
    BatchAggregated event = new BatchAggregated(cmd.nextOffset(), p.streamTime(), p.drainChanges(), outputs, state.nextSequence);
    return Effect().persist(event)
        .thenRun(this::maybeSnapshot)
        .thenReply(cmd.replyTo(), s -> StatusReply.success(new Processed(outputs, event.firstSequence(), s.nextOffset)));
  }

  /** The newest output of each key, in the order of those newest outputs (ksqlDB's record cache, one batch long). */
  static List<OutputRecord> newestPerKey(List<OutputRecord> outputs) {
    java.util.LinkedHashMap<String, OutputRecord> newest = new java.util.LinkedHashMap<>();
    for (OutputRecord o : outputs) {
      newest.remove(o.keyJson());
      newest.put(o.keyJson(), o);
    }
    return newest.size() == outputs.size() ? outputs : new ArrayList<>(newest.values());
  }

  private ReplyEffect<Event, AggregateState> onLookup(AggregateState state, Lookup cmd) {
    List<Row> rows = new ArrayList<>();
    if (processor(state, cmd.queryId(), AggregateProcessors.AGGREGATE, cmd.plan()) instanceof AggregateProcessor a) {
      if (cmd.windowStart() != null) {
        OutputRecord r = a.current(cmd.groupKey(), cmd.windowStart());
        if (r != null) rows.add(new Row(r.keyJson(), r.valueJson()));
      } else {
        for (OutputRecord r : a.currentAll(cmd.groupKey())) rows.add(new Row(r.keyJson(), r.valueJson()));
      }
    }
    return Effect().reply(cmd.replyTo(), new RowPage(rows, cmd.groupKey(), false));
  }

  private ReplyEffect<Event, AggregateState> onScan(AggregateState state, Scan cmd) {
    List<Row> rows = new ArrayList<>();
    String last = cmd.afterGroupKey();
    boolean more = false;
    if (processor(state, cmd.queryId(), AggregateProcessors.AGGREGATE, cmd.plan()) instanceof AggregateProcessor a) {
      List<String> keys = a.groupKeysAfter(cmd.afterGroupKey(), cmd.limit() + 1);
      more = keys.size() > cmd.limit();
      for (String key : more ? keys.subList(0, cmd.limit()) : keys) {
        for (OutputRecord r : a.currentAll(key)) rows.add(new Row(r.keyJson(), r.valueJson()));
        last = key;
      }
    }
    return Effect().reply(cmd.replyTo(), new RowPage(rows, last, more));
  }

  private ReplyEffect<Event, AggregateState> onClear(AggregateState state, Clear cmd) {
    return Effect().persist(new Cleared()).thenRun(s -> {
      processor = null;
      chunks.deleteAll(persistenceId().id());
    }).thenReply(cmd.replyTo(), s -> Done.getInstance());
  }

  /** After a batch: when the groups changed since the last snapshot outnumber the groups held, write a chunked snapshot. */
  private void maybeSnapshot(AggregateState state) {
    if (state.phase != AggregateState.Phase.READY || state.changesSinceSnapshot < Math.max(settings.minChanges(), state.groups.size())) {
      return;
    }
    state.phase = AggregateState.Phase.SNAPSHOTTING;
    Map<String, byte[]> copy = new HashMap<>(state.groups);
    String snapshotId = java.util.UUID.randomUUID().toString();
    SnapshotRef[] ref = new SnapshotRef[1];
    context.pipeToSelf(
        java.util.concurrent.CompletableFuture
            .supplyAsync(() -> GroupChunks.encode(copy, settings.chunkBytes()), context.getExecutionContext())
            .thenCompose(encoded -> {
              ref[0] = new SnapshotRef(snapshotId, encoded.size());
              return chunks.write(persistenceId().id(), snapshotId, encoded);
            }),
        (done, error) -> error == null ? new ChunksWritten(ref[0]) : new SnapshotFailed("writing snapshot " + snapshotId, error));
  }

  /** Pekko's javadsl loses the builder type after thenUnstashAll; every effect is one. */
  private static ReplyEffect<Event, AggregateState> noReply(org.apache.pekko.persistence.typed.javadsl.Effect<Event, AggregateState> effect) {
    return ((org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, AggregateState>) effect).thenNoReply();
  }

  private ReplyEffect<Event, AggregateState> onChunksWritten(AggregateState state, ChunksWritten cmd) {
    SnapshotRef obsolete = state.previousSnapshot;
    return noReply(Effect().persist(new SnapshotTaken(cmd.ref()))
        .thenRun(s -> {
          if (obsolete != null) {
            chunks.delete(persistenceId().id(), obsolete.snapshotId()).whenComplete((done, error) -> {
              if (error != null) context.getLog().warn("Could not delete old snapshot chunks {}: {}", obsolete.snapshotId(), error.toString());
            });
          }
        })
        .thenUnstashAll());
  }

  private ReplyEffect<Event, AggregateState> onLoaded(AggregateState state, SnapshotLoaded cmd) {
    // Recovery ends here: the snapshot's groups under the changes replayed after it.
    cmd.groups().forEach((key, value) -> {
      if (!state.removedDuringReplay.contains(key)) state.groups.putIfAbsent(key, value);
    });
    state.removedDuringReplay.clear();
    state.phase = AggregateState.Phase.READY;
    return noReply(Effect().none().thenUnstashAll());
  }

  private ReplyEffect<Event, AggregateState> onSnapshotFailed(AggregateState state, SnapshotFailed cmd) {
    if (state.phase == AggregateState.Phase.LOADING) {
      // Without its snapshot the partition cannot serve; stopping lets sharding start it again.
      throw new IllegalStateException("Aggregate partition " + persistenceId().id() + " failed " + cmd.what(), cmd.error());
    }
    context.getLog().warn("Aggregate partition {} failed {}: {}", persistenceId().id(), cmd.what(), cmd.error().toString());
    state.phase = AggregateState.Phase.READY;
    return noReply(Effect().none().thenUnstashAll());
  }

  @Override
  public EventHandler<AggregateState, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(BatchAggregated.class, (state, e) -> {
          e.changes().forEach((key, value) -> {
            if (value == null) {
              state.groups.remove(key);
              if (state.phase == AggregateState.Phase.LOADING) state.removedDuringReplay.add(key);
            } else {
              state.groups.put(key, value);
              state.removedDuringReplay.remove(key);
            }
          });
          state.changesSinceSnapshot += e.changes().size();
          state.nextOffset = e.nextOffset();
          state.streamTime = e.streamTime();
          state.lastOutputs = e.outputs();
          state.lastFirstSequence = e.firstSequence();
          state.nextSequence = e.firstSequence() + e.outputs().size();
          return state;
        })
        .onEvent(SnapshotTaken.class, (state, e) -> {
          state.previousSnapshot = state.snapshot;
          state.snapshot = e.ref();
          state.changesSinceSnapshot = 0;
          if (state.phase == AggregateState.Phase.SNAPSHOTTING) state.phase = AggregateState.Phase.READY;
          return state;
        })
        .onEvent(Cleared.class, (state, e) -> {
          // Nothing before the clear counts, an earlier snapshot's chunks included (the clear deletes them):
          // replaying a Cleared after that snapshot must not read them back on recovery.
          return new AggregateState();
        })
        .build();
  }
}

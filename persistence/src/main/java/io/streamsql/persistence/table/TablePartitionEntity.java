package io.streamsql.persistence.table;

import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.CborSerializable;
import io.streamsql.persistence.log.LogBatch;
import io.streamsql.persistence.log.LogPartitionEntity;
import io.streamsql.persistence.log.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One partition of a keyed table. Writes (upserts, and deletes as null values) are journaled as
 * {@link RowsChanged} batches, which are also the table's changelog: a log in the same shape as
 * a stream partition, tombstones included. Sealed versions are immutable copies; a version of an
 * immutable table is staged row by row and becomes readable when sealed.
 *
 * <p>Snapshots are chunked so no stored blob grows with the table: when the rows changed since
 * the last snapshot outnumber the rows held, the content is written as chunks to a
 * {@link ChunkStore}, then {@link SnapshotTaken} is persisted and the Pekko snapshot taken at it
 * holds only a {@link SnapshotRef}. Recovery reads the chunks back before serving.
 */
public final class TablePartitionEntity
    extends EventSourcedBehaviorWithEnforcedReplies<TablePartitionEntity.Command, TablePartitionEntity.Event, TablePartitionState> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "TablePartition");

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  /** Upserts rows (a null value deletes the key), in order; replies after they are persisted. */
  public record Write(List<StoredRecord> records, ActorRef<StatusReply<LogPartitionEntity.Appended>> replyTo) implements Command {}

  /** Reads one row of the current content (version 0) or of a sealed version. */
  public record GetRow(String keyJson, int version, ActorRef<RowValue> replyTo) implements Command {}

  /** The row's JSON, or null when absent. */
  public record RowValue(byte[] value) implements CborSerializable {}

  /** Up to {@code limit} rows with keys after {@code afterKey} (null: from the start), in key order. */
  public record ScanRows(int version, String afterKey, int limit, ActorRef<RowPage> replyTo) implements Command {}

  public record Row(String keyJson, byte[] value) implements CborSerializable {}

  public record RowPage(List<Row> rows, boolean more) implements CborSerializable {}

  /** Adds rows to a version being created; it is not readable until sealed. */
  public record StageVersion(
      int version, String loadId, List<StoredRecord> records, ActorRef<StatusReply<LogPartitionEntity.Appended>> replyTo)
      implements Command {}

  /**
   * Seals a version: the rows staged by load {@code loadId}, or (fromCurrent) the current
   * content, which then freezes. A load that is not the latest one staged is refused.
   */
  public record SealVersion(int version, String loadId, boolean fromCurrent, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record GetTableInfo(ActorRef<TablePartitionInfo> replyTo) implements Command {}

  /** {@code snapshotId} names the last snapshot (null before the first). */
  public record TablePartitionInfo(
      long rows, Map<Integer, Integer> versionRows, boolean frozen, PartitionState changelog, String snapshotId)
      implements CborSerializable {}

  /** Internal: the chunks of a snapshot are stored. Never sent between nodes. */
  private record ChunksWritten(SnapshotRef ref) implements Command {}

  /** Internal: the chunks of the snapshot recovered from are read and decoded. */
  private record SnapshotLoaded(TableSnapshotCodec.Content content) implements Command {}

  /** Internal: writing or reading snapshot chunks failed. */
  private record SnapshotFailed(String what, Throwable error) implements Command {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  /** A batch of row changes; a null value is a delete (tombstone). Also the changelog. */
  public record RowsChanged(long seqNr, long firstOffset, List<StoredRecord> records) implements Event, LogBatch {}

  /** Rows of a version being loaded; a new {@code loadId} starts the version's staging afresh. */
  public record VersionRowsStaged(int version, String loadId, List<StoredRecord> records) implements Event {}

  public record VersionSealed(int version, String loadId, boolean fromCurrent) implements Event {}

  /** A snapshot's chunks are stored; the Pekko snapshot taken at this event names them. */
  public record SnapshotTaken(SnapshotRef ref) implements Event {}

  public static final String FROZEN_MESSAGE = "frozen";

  public static String entityId(String table, String incarnation, int partition) {
    return table + ":" + incarnation + ":" + partition;
  }

  public static PersistenceId persistenceId(String entityId) {
    return PersistenceId.of(TYPE_KEY.name(), entityId);
  }

  /** Snapshot settings: chunk size, and the fewest changed rows that make a snapshot worth it. */
  public record SnapshotSettings(long chunkBytes, long minChanges) {}

  public static Behavior<Command> create(
      String entityId, LogPartitionEntity.Settings logSettings, SnapshotSettings snapshots, ChunkStore chunks) {
    return Behaviors.setup(ctx -> new TablePartitionEntity(ctx, entityId, logSettings, snapshots, chunks));
  }

  private final ActorContext<Command> context;
  private final LogPartitionEntity.Settings logSettings;
  private final SnapshotSettings snapshots;
  private final ChunkStore chunks;

  private TablePartitionEntity(
      ActorContext<Command> context, String entityId, LogPartitionEntity.Settings logSettings,
      SnapshotSettings snapshots, ChunkStore chunks) {
    super(persistenceId(entityId));
    this.context = context;
    this.logSettings = logSettings;
    this.snapshots = snapshots;
    this.chunks = chunks;
  }

  @Override
  public boolean shouldSnapshot(TablePartitionState state, Event event, long sequenceNr) {
    return event instanceof SnapshotTaken;
  }

  @Override
  public SnapshotAdapter<TablePartitionState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(TablePartitionState state) {
        return state.snapshot;
      }

      @Override
      public TablePartitionState fromJournal(Object from) {
        TablePartitionState state = new TablePartitionState();
        state.snapshot = (SnapshotRef) from;
        state.phase = TablePartitionState.Phase.LOADING;
        return state;
      }
    };
  }

  @Override
  public SignalHandler<TablePartitionState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.phase == TablePartitionState.Phase.LOADING) {
            SnapshotRef ref = state.snapshot;
            context.pipeToSelf(
                chunks.read(persistenceId().id(), ref.snapshotId(), ref.chunks())
                    .thenApplyAsync(TableSnapshotCodec::decode, context.getExecutionContext()),
                (content, error) -> error == null ? new SnapshotLoaded(content) : new SnapshotFailed("reading snapshot " + ref.snapshotId(), error));
          }
        })
        .build();
  }

  @Override
  public TablePartitionState emptyState() {
    return new TablePartitionState();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, TablePartitionState> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forState(state -> state.phase == TablePartitionState.Phase.LOADING)
        .onCommand(SnapshotLoaded.class, this::onLoaded)
        .onCommand(SnapshotFailed.class, this::onSnapshotFailed)
        .onCommand(cmd -> true, (state, cmd) -> Effect().stash());
    builder.forState(state -> state.phase == TablePartitionState.Phase.SNAPSHOTTING)
        .onCommand(ChunksWritten.class, this::onChunksWritten)
        .onCommand(SnapshotFailed.class, this::onSnapshotFailed)
        .onCommand(Write.class, (state, cmd) -> Effect().stash())
        .onCommand(StageVersion.class, (state, cmd) -> Effect().stash())
        .onCommand(SealVersion.class, (state, cmd) -> Effect().stash())
        .onCommand(GetRow.class, this::onGet)
        .onCommand(ScanRows.class, this::onScan)
        .onCommand(GetTableInfo.class, this::onInfo);
    builder.forAnyState()
        .onCommand(Write.class, this::onWrite)
        .onCommand(GetRow.class, this::onGet)
        .onCommand(ScanRows.class, this::onScan)
        .onCommand(StageVersion.class, this::onStage)
        .onCommand(SealVersion.class, this::onSeal)
        .onCommand(GetTableInfo.class, this::onInfo)
        .onCommand(SnapshotFailed.class, this::onSnapshotFailed)
        .onCommand(ChunksWritten.class, (state, cmd) -> Effect().noReply())
        .onCommand(SnapshotLoaded.class, (state, cmd) -> Effect().noReply());
    return builder.build();
  }

  /** Pekko's javadsl loses the builder type after thenUnstashAll; every effect is one. */
  @SuppressWarnings("unchecked")
  private static ReplyEffect<Event, TablePartitionState> noReply(
      org.apache.pekko.persistence.typed.javadsl.Effect<Event, TablePartitionState> effect) {
    return ((org.apache.pekko.persistence.typed.javadsl.EffectBuilder<Event, TablePartitionState>) effect).thenNoReply();
  }

  private ReplyEffect<Event, TablePartitionState> onGet(TablePartitionState state, GetRow cmd) {
    TreeMap<String, byte[]> rows = state.rows(cmd.version());
    return Effect().reply(cmd.replyTo(), new RowValue(rows == null ? null : rows.get(cmd.keyJson())));
  }

  private ReplyEffect<Event, TablePartitionState> onInfo(TablePartitionState state, GetTableInfo cmd) {
    Map<Integer, Integer> counts = new TreeMap<>();
    state.versions.forEach((v, rows) -> counts.put(v, rows.size()));
    return Effect().reply(cmd.replyTo(), new TablePartitionInfo(
        state.current.size(), counts, state.frozen, state.log, state.snapshot == null ? null : state.snapshot.snapshotId()));
  }

  /**
   * After a change: when the rows changed since the last snapshot outnumber the rows held, copy
   * the content (cheap: sealed versions are shared, never changed) and write it as chunks off the
   * actor; changes wait until the chunks are stored so the snapshot is exact at its event.
   */
  private void maybeSnapshot(TablePartitionState state) {
    long held = state.current.size();
    for (var rows : state.versions.values()) held += rows.size();
    if (state.phase != TablePartitionState.Phase.READY
        || state.changesSinceSnapshot < Math.max(snapshots.minChanges(), held)) {
      return;
    }
    state.phase = TablePartitionState.Phase.SNAPSHOTTING;
    TreeMap<Integer, TablePartitionState.Staging> staging = new TreeMap<>();
    state.staging.forEach((v, st) -> staging.put(v, new TablePartitionState.Staging(st.loadId(), new TreeMap<>(st.rows()))));
    var content = new TableSnapshotCodec.Content(
        state.log, state.frozen, new TreeMap<>(state.current), new TreeMap<>(state.versions), staging);
    SnapshotRef[] ref = new SnapshotRef[1];
    String snapshotId = java.util.UUID.randomUUID().toString();
    context.pipeToSelf(
        java.util.concurrent.CompletableFuture
            .supplyAsync(() -> TableSnapshotCodec.encode(content, snapshots.chunkBytes()), context.getExecutionContext())
            .thenCompose(encoded -> {
              ref[0] = new SnapshotRef(snapshotId, encoded.size());
              return chunks.write(persistenceId().id(), snapshotId, encoded);
            }),
        (done, error) -> error == null ? new ChunksWritten(ref[0]) : new SnapshotFailed("writing snapshot " + snapshotId, error));
  }

  /**
   * Records the new snapshot. The chunk set two snapshots back is deleted then: the previous one
   * is kept, since Pekko falls back to the previous snapshot if saving the new one fails.
   */
  private ReplyEffect<Event, TablePartitionState> onChunksWritten(TablePartitionState state, ChunksWritten cmd) {
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

  private ReplyEffect<Event, TablePartitionState> onLoaded(TablePartitionState state, SnapshotLoaded cmd) {
    // Recovery finishes here: the snapshot's content, then the events replayed after it.
    TableSnapshotCodec.Content c = cmd.content();
    state.log = c.log();
    state.frozen = c.frozen();
    state.current.putAll(c.current());
    state.versions.putAll(c.versions());
    state.staging.putAll(c.staging());
    state.phase = TablePartitionState.Phase.READY;
    for (Event e : state.pendingReplay) applyEvent(state, e);
    state.pendingReplay.clear();
    return noReply(Effect().none().thenUnstashAll());
  }

  private ReplyEffect<Event, TablePartitionState> onSnapshotFailed(TablePartitionState state, SnapshotFailed cmd) {
    if (state.phase == TablePartitionState.Phase.LOADING) {
      // Without its snapshot the partition cannot serve; stopping lets sharding start it again.
      throw new IllegalStateException("Table partition " + persistenceId().id() + " failed " + cmd.what(), cmd.error());
    }
    context.getLog().warn("Table partition {} failed {}: {}", persistenceId().id(), cmd.what(), cmd.error().toString());
    state.phase = TablePartitionState.Phase.READY;
    return noReply(Effect().none().thenUnstashAll());
  }

  private ReplyEffect<Event, TablePartitionState> onWrite(TablePartitionState state, Write cmd) {
    if (state.frozen) return Effect().reply(cmd.replyTo(), StatusReply.error(FROZEN_MESSAGE));
    RowsChanged event = new RowsChanged(lastSequenceNumber(context) + 1, state.log.nextOffset(), cmd.records());
    var reply = new LogPartitionEntity.Appended(event.firstOffset(), cmd.records().size());
    return Effect().persist(event).thenRun(this::maybeSnapshot).thenReply(cmd.replyTo(), s -> StatusReply.success(reply));
  }

  private ReplyEffect<Event, TablePartitionState> onScan(TablePartitionState state, ScanRows cmd) {
    TreeMap<String, byte[]> rows = state.rows(cmd.version());
    if (rows == null) return Effect().reply(cmd.replyTo(), new RowPage(List.of(), false));
    var tail = cmd.afterKey() == null ? rows : rows.tailMap(cmd.afterKey(), false);
    List<Row> page = new ArrayList<>(Math.min(cmd.limit(), tail.size()));
    for (var e : tail.entrySet()) {
      if (page.size() == cmd.limit()) return Effect().reply(cmd.replyTo(), new RowPage(page, true));
      page.add(new Row(e.getKey(), e.getValue()));
    }
    return Effect().reply(cmd.replyTo(), new RowPage(page, false));
  }

  private ReplyEffect<Event, TablePartitionState> onStage(TablePartitionState state, StageVersion cmd) {
    if (state.versions.containsKey(cmd.version())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error(FROZEN_MESSAGE));
    }
    var reply = new LogPartitionEntity.Appended(0, cmd.records().size());
    return Effect().persist(new VersionRowsStaged(cmd.version(), cmd.loadId(), cmd.records()))
        .thenRun(this::maybeSnapshot)
        .thenReply(cmd.replyTo(), s -> StatusReply.success(reply));
  }

  private ReplyEffect<Event, TablePartitionState> onSeal(TablePartitionState state, SealVersion cmd) {
    if (state.versions.containsKey(cmd.version())) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(Done.getInstance())); // sealing is idempotent
    }
    if (!cmd.fromCurrent()) {
      TablePartitionState.Staging staging = state.staging.get(cmd.version());
      if (staging != null && !staging.loadId().equals(cmd.loadId())) {
        return Effect().reply(cmd.replyTo(), StatusReply.error("another load of version " + cmd.version() + " replaced this one"));
      }
    }
    return Effect().persist(new VersionSealed(cmd.version(), cmd.loadId(), cmd.fromCurrent()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(Done.getInstance()));
  }

  @Override
  public EventHandler<TablePartitionState, Event> eventHandler() {
    return (state, event) -> {
      if (state.phase == TablePartitionState.Phase.LOADING) {
        state.pendingReplay.add(event); // applied once the snapshot's chunks are loaded
      } else {
        applyEvent(state, event);
      }
      return state;
    };
  }

  private void applyEvent(TablePartitionState state, Event event) {
    if (event instanceof RowsChanged changed) {
      for (StoredRecord r : changed.records()) {
        if (r.value() == null) state.current.remove(r.key());
        else state.current.put(r.key(), r.value());
      }
      state.changesSinceSnapshot += changed.records().size();
      state.log = state.log.withBatch(changed, logSettings.segmentMaxRecords(), logSettings.segmentMaxBytes());
    } else if (event instanceof VersionRowsStaged staged) {
      TablePartitionState.Staging staging = state.staging.get(staged.version());
      if (staging == null || !staging.loadId().equals(staged.loadId())) {
        staging = new TablePartitionState.Staging(staged.loadId(), new TreeMap<>());
        state.staging.put(staged.version(), staging);
      }
      TreeMap<String, byte[]> rows = staging.rows();
      for (StoredRecord r : staged.records()) {
        if (r.value() == null) rows.remove(r.key());
        else rows.put(r.key(), r.value());
      }
      state.changesSinceSnapshot += staged.records().size();
    } else if (event instanceof VersionSealed sealed) {
      TreeMap<String, byte[]> rows;
      if (sealed.fromCurrent()) {
        rows = new TreeMap<>(state.current);
        state.frozen = true;
      } else {
        TablePartitionState.Staging staging = state.staging.remove(sealed.version());
        rows = staging == null ? new TreeMap<>() : staging.rows();
      }
      state.versions.put(sealed.version(), rows);
    } else if (event instanceof SnapshotTaken taken) {
      state.previousSnapshot = state.snapshot;
      state.snapshot = taken.ref();
      state.changesSinceSnapshot = 0;
      state.phase = TablePartitionState.Phase.READY;
    }
  }
}

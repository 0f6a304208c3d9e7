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
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One partition of a keyed table. Writes (upserts, and deletes as null values) are journaled as
 * {@link RowsChanged} batches, which are also the table's changelog: a log in the same shape as
 * a stream partition, tombstones included. Sealed versions are immutable copies; a version of an
 * immutable table is staged row by row and becomes readable when sealed.
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

  public record TablePartitionInfo(long rows, Map<Integer, Integer> versionRows, boolean frozen, PartitionState changelog)
      implements CborSerializable {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  /** A batch of row changes; a null value is a delete (tombstone). Also the changelog. */
  public record RowsChanged(long seqNr, long firstOffset, List<StoredRecord> records) implements Event, LogBatch {}

  /** Rows of a version being loaded; a new {@code loadId} starts the version's staging afresh. */
  public record VersionRowsStaged(int version, String loadId, List<StoredRecord> records) implements Event {}

  public record VersionSealed(int version, String loadId, boolean fromCurrent) implements Event {}

  public static final String FROZEN_MESSAGE = "frozen";

  public static String entityId(String table, String incarnation, int partition) {
    return table + ":" + incarnation + ":" + partition;
  }

  public static PersistenceId persistenceId(String entityId) {
    return PersistenceId.of(TYPE_KEY.name(), entityId);
  }

  public static Behavior<Command> create(String entityId, LogPartitionEntity.Settings logSettings) {
    return Behaviors.setup(ctx -> new TablePartitionEntity(ctx, entityId, logSettings));
  }

  private final ActorContext<Command> context;
  private final LogPartitionEntity.Settings logSettings;

  private TablePartitionEntity(ActorContext<Command> context, String entityId, LogPartitionEntity.Settings logSettings) {
    super(persistenceId(entityId));
    this.context = context;
    this.logSettings = logSettings;
  }

  @Override
  public TablePartitionState emptyState() {
    return new TablePartitionState();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, TablePartitionState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Write.class, this::onWrite)
        .onCommand(GetRow.class, (state, cmd) -> {
          TreeMap<String, byte[]> rows = state.rows(cmd.version());
          return Effect().reply(cmd.replyTo(), new RowValue(rows == null ? null : rows.get(cmd.keyJson())));
        })
        .onCommand(ScanRows.class, this::onScan)
        .onCommand(StageVersion.class, this::onStage)
        .onCommand(SealVersion.class, this::onSeal)
        .onCommand(GetTableInfo.class, (state, cmd) -> {
          Map<Integer, Integer> counts = new TreeMap<>();
          state.versions.forEach((v, rows) -> counts.put(v, rows.size()));
          return Effect().reply(cmd.replyTo(), new TablePartitionInfo(state.current.size(), counts, state.frozen, state.log));
        })
        .build();
  }

  private ReplyEffect<Event, TablePartitionState> onWrite(TablePartitionState state, Write cmd) {
    if (state.frozen) return Effect().reply(cmd.replyTo(), StatusReply.error(FROZEN_MESSAGE));
    RowsChanged event = new RowsChanged(lastSequenceNumber(context) + 1, state.log.nextOffset(), cmd.records());
    var reply = new LogPartitionEntity.Appended(event.firstOffset(), cmd.records().size());
    return Effect().persist(event).thenReply(cmd.replyTo(), s -> StatusReply.success(reply));
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
      if (event instanceof RowsChanged changed) {
        for (StoredRecord r : changed.records()) {
          if (r.value() == null) state.current.remove(r.key());
          else state.current.put(r.key(), r.value());
        }
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
      }
      return state;
    };
  }
}

package io.streamsql.persistence.connector;

import io.streamsql.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The file tables of the file connector: which table or stream each name was loaded into, from
 * which file type, and what every completed load brought (its columns, rows, bytes and parts).
 * A load is recorded only after its rows are persisted (and, for a table, its version sealed),
 * so the catalog never names a half-loaded file.
 */
public final class FileTableCatalogEntity extends EventSourcedBehaviorWithEnforcedReplies<
    FileTableCatalogEntity.Command, FileTableCatalogEntity.Event, FileTableCatalogEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "FileTableCatalog");

  /** Where a file table's rows live: versions of an immutable table (with a primary key), or a stream. */
  public enum Kind { IMMUTABLE_TABLE, STREAM }

  public record Column(String name, String type) implements CborSerializable {}

  /** One part of a partitioned file: a contiguous run of whole records. Parts are numbered from 1. */
  public record Part(int part, long bytes, long rows) implements CborSerializable {}

  /**
   * One completed load. For a table, {@code number} is the table version it created; for a stream,
   * the count of loads so far.
   */
  public record Load(int number, List<Column> columns, long rows, long bytes, List<Part> parts, String source, long loadedAt)
      implements CborSerializable {
    public Load {
      columns = List.copyOf(columns);
      parts = List.copyOf(parts);
    }
  }

  public record FileTable(String name, String fileType, Kind kind, String primaryKey, List<Load> loads, long createdAt)
      implements CborSerializable {
    public FileTable {
      loads = List.copyOf(loads);
    }

    public Load latest() {
      return loads.isEmpty() ? null : loads.get(loads.size() - 1);
    }

    public long totalRows() {
      return kind == Kind.STREAM ? loads.stream().mapToLong(Load::rows).sum() : latest() == null ? 0 : latest().rows();
    }
  }

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  /**
   * Records a completed load. Refused when the name is a file table of another file type or kind
   * (the caller checks first; this keeps concurrent first loads honest).
   */
  public record RecordLoad(String name, String fileType, Kind kind, String primaryKey, Load load, ActorRef<StatusReply<FileTable>> replyTo)
      implements Command {}

  public record Delete(String name, ActorRef<StatusReply<FileTable>> replyTo) implements Command {}

  public record Get(String name, ActorRef<StatusReply<FileTable>> replyTo) implements Command {}

  public record GetAll(ActorRef<State> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  public record LoadRecorded(String name, String fileType, Kind kind, String primaryKey, Load load) implements Event {}

  public record FileTableDeleted(String name) implements Event {}

  // ---- state ----
  public record State(Map<String, FileTable> tables) implements CborSerializable {
    public State {
      tables = new TreeMap<>(tables);
    }
  }

  public FileTableCatalogEntity(String id) {
    super(PersistenceId.of(TYPE_KEY.name(), id));
  }

  /** The text the service matches on for a name that is not a file table. */
  public static String unknown(String name) {
    return "File table '" + name + "' does not exist";
  }

  @Override
  public State emptyState() {
    return new State(Map.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(RecordLoad.class, this::onRecord)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), found(state, cmd.name())))
        .onCommand(GetAll.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  private static StatusReply<FileTable> found(State state, String name) {
    FileTable t = state.tables().get(name);
    return t == null ? StatusReply.error(unknown(name)) : StatusReply.success(t);
  }

  private ReplyEffect<Event, State> onRecord(State state, RecordLoad cmd) {
    FileTable existing = state.tables().get(cmd.name());
    if (existing != null && (!existing.fileType().equals(cmd.fileType()) || existing.kind() != cmd.kind())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("File table '" + cmd.name() + "' holds " + existing.fileType()
          + " data as " + describe(existing.kind()) + "; this load is " + cmd.fileType() + " as " + describe(cmd.kind())));
    }
    return Effect().persist(new LoadRecorded(cmd.name(), cmd.fileType(), cmd.kind(), cmd.primaryKey(), cmd.load()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(s.tables().get(cmd.name())));
  }

  private static String describe(Kind kind) {
    return kind == Kind.STREAM ? "a stream" : "an immutable table";
  }

  private ReplyEffect<Event, State> onDelete(State state, Delete cmd) {
    FileTable existing = state.tables().get(cmd.name());
    if (existing == null) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(cmd.name())));
    return Effect().persist(new FileTableDeleted(cmd.name())).thenReply(cmd.replyTo(), s -> StatusReply.success(existing));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(LoadRecorded.class, (state, e) -> {
          Map<String, FileTable> next = new TreeMap<>(state.tables());
          FileTable existing = next.get(e.name());
          List<Load> loads = new ArrayList<>(existing == null ? List.of() : existing.loads());
          loads.add(e.load());
          long created = existing == null ? e.load().loadedAt() : existing.createdAt();
          next.put(e.name(), new FileTable(e.name(), e.fileType(), e.kind(), e.primaryKey(), loads, created));
          return new State(next);
        })
        .onEvent(FileTableDeleted.class, (state, e) -> {
          Map<String, FileTable> next = new TreeMap<>(state.tables());
          next.remove(e.name());
          return new State(next);
        })
        .build();
  }
}

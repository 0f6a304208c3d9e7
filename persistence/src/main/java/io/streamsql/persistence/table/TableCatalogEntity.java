package io.streamsql.persistence.table;

import io.streamsql.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
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
 * The durable catalog of the keyed tables of one pipeline, and the coordinator of their
 * versions: a version is begun here, loaded and sealed in every partition, then committed here,
 * and only committed versions are readable. Refusals reply an error whose message is for users.
 */
public final class TableCatalogEntity
    extends EventSourcedBehaviorWithEnforcedReplies<TableCatalogEntity.Command, TableCatalogEntity.Event, TableCatalogEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "TableCatalog");

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  public record CreateTable(
      String name, String primaryKey, int partitions, boolean immutable, long createdAt,
      ActorRef<StatusReply<TableDefinition>> replyTo) implements Command {}

  public record DeleteTable(String name, ActorRef<StatusReply<TableDefinition>> replyTo) implements Command {}

  public record GetTable(String name, ActorRef<TableLookup> replyTo) implements Command {}

  public record TableLookup(TableDefinition definition) implements CborSerializable {
    public Optional<TableDefinition> asOptional() {
      return Optional.ofNullable(definition);
    }
  }

  public record ListTables(ActorRef<TableList> replyTo) implements Command {}

  public record TableList(List<TableDefinition> tables) implements CborSerializable {}

  /**
   * Starts creating {@code version}: from the current content of a dynamic table (which then
   * becomes immutable) or from rows loaded into an immutable table. Retrying the pending version
   * is allowed; anything else while one is pending is refused.
   */
  public record BeginVersion(String name, int version, boolean fromCurrent, ActorRef<StatusReply<TableDefinition>> replyTo)
      implements Command {}

  /** Makes a begun version readable, once every partition sealed it. */
  public record CommitVersion(String name, int version, ActorRef<StatusReply<TableDefinition>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  public record TableCreated(TableDefinition definition) implements Event {}

  public record TableDeleted(String name) implements Event {}

  public record VersionBegun(String name, int version, boolean fromCurrent) implements Event {}

  public record VersionCommitted(String name, int version) implements Event {}

  public record State(Map<String, TableDefinition> tables) implements CborSerializable {
    public State {
      tables = new TreeMap<>(tables);
    }

    State with(TableDefinition def) {
      Map<String, TableDefinition> next = new TreeMap<>(tables);
      next.put(def.name(), def);
      return new State(next);
    }
  }

  public TableCatalogEntity(String pipeline) {
    super(PersistenceId.of(TYPE_KEY.name(), pipeline));
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
        .onCommand(CreateTable.class, this::onCreate)
        .onCommand(DeleteTable.class, (state, cmd) -> {
          TableDefinition def = state.tables().get(cmd.name());
          if (def == null) return Effect().reply(cmd.replyTo(), StatusReply.error("Table '" + cmd.name() + "' does not exist"));
          return Effect().persist(new TableDeleted(cmd.name())).thenReply(cmd.replyTo(), s -> StatusReply.success(def));
        })
        .onCommand(GetTable.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new TableLookup(state.tables().get(cmd.name()))))
        .onCommand(ListTables.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new TableList(new ArrayList<>(state.tables().values()))))
        .onCommand(BeginVersion.class, this::onBegin)
        .onCommand(CommitVersion.class, this::onCommit)
        .build();
  }

  private ReplyEffect<Event, State> onCreate(State state, CreateTable cmd) {
    if (state.tables().containsKey(cmd.name())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("Table '" + cmd.name() + "' already exists"));
    }
    TableDefinition def = new TableDefinition(cmd.name(), UUID.randomUUID().toString(), cmd.primaryKey(), cmd.partitions(),
        cmd.immutable(), List.of(), 0, false, cmd.createdAt());
    return Effect().persist(new TableCreated(def)).thenReply(cmd.replyTo(), s -> StatusReply.success(def));
  }

  private ReplyEffect<Event, State> onBegin(State state, BeginVersion cmd) {
    TableDefinition def = state.tables().get(cmd.name());
    String refusal = null;
    if (def == null) {
      refusal = "Table '" + cmd.name() + "' does not exist";
    } else if (cmd.version() < 1) {
      refusal = "Versions are numbered from 1";
    } else if (cmd.fromCurrent() && def.immutable()) {
      refusal = "Table '" + cmd.name() + "' is already immutable; create a new version from data instead";
    } else if (!cmd.fromCurrent() && !def.immutable()) {
      refusal = "Table '" + cmd.name() + "' is dynamic and cannot be versioned; seal its content with {\"version\": n} first";
    } else if (def.versions().contains(cmd.version())) {
      refusal = "Version " + cmd.version() + " of table '" + cmd.name() + "' already exists and is immutable";
    } else if (cmd.version() <= def.latestVersion()) {
      refusal = "Version " + cmd.version() + " must be greater than the latest version " + def.latestVersion();
    } else if (def.pendingVersion() != 0 && def.pendingVersion() != cmd.version()) {
      refusal = "Version " + def.pendingVersion() + " of table '" + cmd.name() + "' is being created; finish it first";
    }
    if (refusal != null) return Effect().reply(cmd.replyTo(), StatusReply.error(refusal));
    if (def.pendingVersion() == cmd.version()) return Effect().reply(cmd.replyTo(), StatusReply.success(def));
    return Effect().persist(new VersionBegun(cmd.name(), cmd.version(), cmd.fromCurrent()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(s.tables().get(cmd.name())));
  }

  private ReplyEffect<Event, State> onCommit(State state, CommitVersion cmd) {
    TableDefinition def = state.tables().get(cmd.name());
    if (def == null || (def.pendingVersion() != cmd.version() && !def.versions().contains(cmd.version()))) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("Version " + cmd.version() + " of table '" + cmd.name() + "' was not begun"));
    }
    if (def.versions().contains(cmd.version())) return Effect().reply(cmd.replyTo(), StatusReply.success(def));
    return Effect().persist(new VersionCommitted(cmd.name(), cmd.version()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(s.tables().get(cmd.name())));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(TableCreated.class, (state, e) -> state.with(e.definition()))
        .onEvent(TableDeleted.class, (state, e) -> {
          Map<String, TableDefinition> next = new TreeMap<>(state.tables());
          next.remove(e.name());
          return new State(next);
        })
        .onEvent(VersionBegun.class, (state, e) -> state.with(state.tables().get(e.name()).withPending(e.version(), e.fromCurrent())))
        .onEvent(VersionCommitted.class, (state, e) -> state.with(state.tables().get(e.name()).withCommitted(e.version())))
        .build();
  }
}

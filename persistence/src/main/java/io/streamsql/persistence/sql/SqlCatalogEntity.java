package io.streamsql.persistence.sql;

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
 * The SQL metastore of one namespace: streams, tables and persistent queries. It enforces
 * ksqlDB's catalog rules: names are unique, and a source cannot be dropped while a running
 * query reads or writes it.
 */
public final class SqlCatalogEntity
    extends EventSourcedBehaviorWithEnforcedReplies<SqlCatalogEntity.Command, SqlCatalogEntity.Event, SqlCatalogEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "SqlCatalog");

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  public record RegisterSource(SqlSource source, boolean orReplace, ActorRef<StatusReply<SqlSource>> replyTo) implements Command {}

  public record DropSource(String name, ActorRef<StatusReply<SqlSource>> replyTo) implements Command {}

  /**
   * Registers a persistent query and, for CREATE … AS SELECT, its new sink source in one event.
   * {@code idPrefix} is CSAS_&lt;SINK&gt;, CTAS_&lt;SINK&gt; or INSERTQUERY; the number is appended here.
   */
  public record RegisterQuery(
      String idPrefix, String statement, String sinkName, List<String> sources, SqlSource newSink, boolean orReplace,
      ActorRef<StatusReply<SqlQuery>> replyTo) implements Command {}

  public record TerminateQuery(String id, ActorRef<StatusReply<SqlQuery>> replyTo) implements Command {}

  public record GetCatalog(ActorRef<State> replyTo) implements Command {}

  /** CREATE TYPE: {@code sqlType} is the type's SQL text ({@code SqlType.sql()}). */
  public record RegisterType(String name, String sqlType, ActorRef<StatusReply<String>> replyTo) implements Command {}

  public record DropType(String name, ActorRef<StatusReply<String>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  public record SourceRegistered(SqlSource source) implements Event {}

  public record SourceDropped(String name) implements Event {}

  public record QueryRegistered(SqlQuery query, SqlSource newSink) implements Event {}

  public record QueryTerminated(String id) implements Event {}

  public record TypeRegistered(String name, String sqlType) implements Event {}

  public record TypeDropped(String name) implements Event {}

  // ---- state ----
  /** {@code types}: CREATE TYPE names to their SQL text; absent (null) in snapshots written before types existed. */
  public record State(Map<String, SqlSource> sources, Map<String, SqlQuery> queries, long nextQueryNumber, Map<String, String> types)
      implements CborSerializable {
    public State {
      sources = new TreeMap<>(sources);
      queries = new TreeMap<>(queries);
      types = types == null ? new TreeMap<>() : new TreeMap<>(types);
    }

    State with(Map<String, SqlSource> sources, Map<String, SqlQuery> queries, long nextQueryNumber) {
      return new State(sources, queries, nextQueryNumber, types);
    }

    public List<String> readers(String source) {
      return queries.values().stream().filter(q -> q.sources().contains(source)).map(SqlQuery::id).sorted().toList();
    }

    public List<String> writers(String source) {
      return queries.values().stream().filter(q -> q.sink().equals(source)).map(SqlQuery::id).sorted().toList();
    }
  }

  public SqlCatalogEntity(String namespace) {
    super(PersistenceId.of(TYPE_KEY.name(), namespace));
  }

  @Override
  public State emptyState() {
    return new State(Map.of(), Map.of(), 0, Map.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(RegisterSource.class, this::onRegisterSource)
        .onCommand(DropSource.class, this::onDropSource)
        .onCommand(RegisterQuery.class, this::onRegisterQuery)
        .onCommand(TerminateQuery.class, this::onTerminate)
        .onCommand(GetCatalog.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .onCommand(RegisterType.class, this::onRegisterType)
        .onCommand(DropType.class, this::onDropType)
        .build();
  }

  private static String exists(SqlSource existing, String name) {
    String kind = existing.kind().toLowerCase(java.util.Locale.ROOT);
    return "Cannot add " + kind + " '" + name + "': A " + kind + " with the same name already exists";
  }

  private ReplyEffect<Event, State> onRegisterSource(State state, RegisterSource cmd) {
    SqlSource existing = state.sources().get(cmd.source().name());
    if (existing != null && !cmd.orReplace()) {
      return Effect().reply(cmd.replyTo(), StatusReply.error(exists(existing, cmd.source().name())));
    }
    if (existing != null && !existing.kind().equals(cmd.source().kind())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("Cannot replace " + existing.kind() + " '" + existing.name()
          + "' with a " + cmd.source().kind()));
    }
    return Effect().persist(new SourceRegistered(cmd.source())).thenReply(cmd.replyTo(), s -> StatusReply.success(cmd.source()));
  }

  private ReplyEffect<Event, State> onDropSource(State state, DropSource cmd) {
    SqlSource existing = state.sources().get(cmd.name());
    if (existing == null) return Effect().reply(cmd.replyTo(), StatusReply.error("Source " + cmd.name() + " does not exist."));
    List<String> readers = state.readers(cmd.name());
    List<String> writers = state.writers(cmd.name());
    if (!readers.isEmpty() || !writers.isEmpty()) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("Cannot drop " + cmd.name() + ".\nThe following queries read from this source: "
          + readers + ".\nThe following queries write into this source: " + writers + ".\nYou need to terminate them before dropping "
          + cmd.name() + "."));
    }
    return Effect().persist(new SourceDropped(cmd.name())).thenReply(cmd.replyTo(), s -> StatusReply.success(existing));
  }

  private ReplyEffect<Event, State> onRegisterQuery(State state, RegisterQuery cmd) {
    if (cmd.newSink() != null) {
      SqlSource existing = state.sources().get(cmd.newSink().name());
      if (existing != null && !cmd.orReplace()) {
        return Effect().reply(cmd.replyTo(), StatusReply.error(exists(existing, cmd.newSink().name())));
      }
    } else if (!state.sources().containsKey(cmd.sinkName())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("Sink " + cmd.sinkName() + " does not exist."));
    }
    for (String source : cmd.sources()) {
      if (!state.sources().containsKey(source)) {
        return Effect().reply(cmd.replyTo(), StatusReply.error(source + " does not exist."));
      }
    }
    // CREATE OR REPLACE keeps the query that writes the sink: same id, new statement.
    String id = null;
    if (cmd.newSink() != null && cmd.orReplace()) {
      id = state.writers(cmd.sinkName()).stream().findFirst().orElse(null);
    }
    if (id == null) id = cmd.idPrefix() + "_" + state.nextQueryNumber();
    SqlQuery query = new SqlQuery(id, cmd.statement(), cmd.sinkName(), cmd.sources());
    return Effect().persist(new QueryRegistered(query, cmd.newSink())).thenReply(cmd.replyTo(), s -> StatusReply.success(query));
  }

  private ReplyEffect<Event, State> onTerminate(State state, TerminateQuery cmd) {
    SqlQuery q = state.queries().get(cmd.id());
    if (q == null) return Effect().reply(cmd.replyTo(), StatusReply.error("Unknown queryId: " + cmd.id()));
    return Effect().persist(new QueryTerminated(cmd.id())).thenReply(cmd.replyTo(), s -> StatusReply.success(q));
  }

  private ReplyEffect<Event, State> onRegisterType(State state, RegisterType cmd) {
    if (state.types().containsKey(cmd.name())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("Cannot register custom type '" + cmd.name()
          + "' since it is already registered with type: " + state.types().get(cmd.name())));
    }
    return Effect().persist(new TypeRegistered(cmd.name(), cmd.sqlType())).thenReply(cmd.replyTo(), s -> StatusReply.success(cmd.name()));
  }

  private ReplyEffect<Event, State> onDropType(State state, DropType cmd) {
    if (!state.types().containsKey(cmd.name())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("Type " + cmd.name() + " does not exist."));
    }
    return Effect().persist(new TypeDropped(cmd.name())).thenReply(cmd.replyTo(), s -> StatusReply.success(cmd.name()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(SourceRegistered.class, (state, e) -> {
          Map<String, SqlSource> sources = new TreeMap<>(state.sources());
          sources.put(e.source().name(), e.source());
          return state.with(sources, state.queries(), state.nextQueryNumber());
        })
        .onEvent(SourceDropped.class, (state, e) -> {
          Map<String, SqlSource> sources = new TreeMap<>(state.sources());
          sources.remove(e.name());
          return state.with(sources, state.queries(), state.nextQueryNumber());
        })
        .onEvent(QueryRegistered.class, (state, e) -> {
          Map<String, SqlSource> sources = new TreeMap<>(state.sources());
          if (e.newSink() != null) sources.put(e.newSink().name(), e.newSink());
          Map<String, SqlQuery> queries = new TreeMap<>(state.queries());
          boolean replaced = queries.containsKey(e.query().id());
          queries.put(e.query().id(), e.query());
          return state.with(sources, queries, replaced ? state.nextQueryNumber() : state.nextQueryNumber() + 1);
        })
        .onEvent(QueryTerminated.class, (state, e) -> {
          Map<String, SqlQuery> queries = new TreeMap<>(state.queries());
          queries.remove(e.id());
          return state.with(state.sources(), queries, state.nextQueryNumber());
        })
        .onEvent(TypeRegistered.class, (state, e) -> {
          Map<String, String> types = new TreeMap<>(state.types());
          types.put(e.name(), e.sqlType());
          return new State(state.sources(), state.queries(), state.nextQueryNumber(), types);
        })
        .onEvent(TypeDropped.class, (state, e) -> {
          Map<String, String> types = new TreeMap<>(state.types());
          types.remove(e.name());
          return new State(state.sources(), state.queries(), state.nextQueryNumber(), types);
        })
        .build();
  }

  /** All queries, for listings: a copy safe to hand out. */
  public static List<SqlQuery> queries(State state) {
    return new ArrayList<>(state.queries().values());
  }
}

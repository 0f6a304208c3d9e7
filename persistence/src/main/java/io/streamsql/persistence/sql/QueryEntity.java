package io.streamsql.persistence.sql;

import io.streamsql.persistence.CborSerializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One persistent query (CREATE … AS SELECT, INSERT INTO … SELECT), cluster-sharded with
 * remembered entities so it runs again after a restart. It journals, per source partition, the
 * next offset whose outputs are not yet known to be in the sink. After a crash it resumes from
 * there; the sink drops the replayed outputs it already has ({@code AppendIdempotent}), so every
 * output is in the sink exactly once.
 */
public final class QueryEntity
    extends EventSourcedBehaviorWithEnforcedReplies<QueryEntity.Command, QueryEntity.Event, QueryEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "PersistentQuery");

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  public record Start(QueryDefinition definition, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** From the runner: outputs of everything before these offsets are persisted in the sink. */
  public record Progress(Map<Integer, Long> nextOffsets, ActorRef<Done> replyTo) implements Command {}

  public record Terminate(ActorRef<Done> replyTo) implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  public record Status(String state, Map<Integer, Long> nextOffsets, String lastError) implements CborSerializable {}

  /** The query's definition (null before it started), e.g. to reach the state of an aggregation. */
  public record GetDefinition(ActorRef<Definition> replyTo) implements Command {}

  public record Definition(QueryDefinition definition) implements CborSerializable {}

  /** From the runner: its stream ended with an error; the entity restarts it after a pause. */
  public record RunnerStopped(String error) implements Command {}

  enum RestartRunner implements Command { INSTANCE }

  /** To itself after recovering a definition without a plan: journal the plan, then run. */
  record MigratePlan(QueryDefinition migrated) implements Command {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  public record Started(QueryDefinition definition) implements Event {}

  public record Progressed(Map<Integer, Long> nextOffsets) implements Event {}

  public record Terminated(long terminatedAt) implements Event {}

  /** A definition journaled without a plan (before plans were stored) got its plan; positions are kept. */
  public record PlanMigrated(QueryDefinition definition) implements Event {}

  // ---- state ----
  public record State(QueryDefinition definition, Map<Integer, Long> nextOffsets, boolean terminated) implements CborSerializable {
    public State {
      nextOffsets = new TreeMap<>(nextOffsets);
    }

    boolean running() {
      return definition != null && !terminated;
    }
  }

  public static Behavior<Command> create(String entityId, QueryRunner runner, ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new QueryEntity(ctx, entityId, runner, shard, timers)));
  }

  public static PersistenceId persistenceId(String entityId) {
    return PersistenceId.of(TYPE_KEY.name(), entityId);
  }

  public static String entityId(String namespace, String queryId) {
    return namespace + "/" + queryId;
  }

  private final ActorContext<Command> context;
  private final QueryRunner runner;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final org.apache.pekko.actor.typed.javadsl.TimerScheduler<Command> timers;
  private QueryRunner.Running running;
  private String lastError;

  private QueryEntity(
      ActorContext<Command> context, String entityId, QueryRunner runner, ActorRef<ClusterSharding.ShardCommand> shard,
      org.apache.pekko.actor.typed.javadsl.TimerScheduler<Command> timers) {
    super(persistenceId(entityId));
    this.context = context;
    this.runner = runner;
    this.shard = shard;
    this.timers = timers;
  }

  @Override
  public State emptyState() {
    return new State(null, Map.of(), false);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.running() && state.definition().plan() == null) migrate(state);
          else if (state.running()) startRunner(state);
          else if (state.terminated()) passivate();
        })
        .onSignal(org.apache.pekko.actor.typed.PostStop.instance(), state -> stopRunner())
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Start.class, this::onStart)
        .onCommand(Progress.class, this::onProgress)
        .onCommand(Terminate.class, this::onTerminate)
        .onCommand(GetDefinition.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new Definition(state.definition())))
        .onCommand(GetStatus.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            new Status(state.terminated() ? "TERMINATED" : state.definition() == null ? "NEW" : lastError == null ? "RUNNING" : "ERROR",
                state.nextOffsets(), lastError)))
        .onCommand(RunnerStopped.class, (state, cmd) -> {
          running = null;
          lastError = cmd.error();
          if (state.running()) timers.startSingleTimer(RestartRunner.INSTANCE, Duration.ofSeconds(1));
          return Effect().noReply();
        })
        .onCommand(MigratePlan.class, (state, cmd) -> {
          if (!state.running() || state.definition().plan() != null) return Effect().noReply();
          return Effect().persist(new PlanMigrated(cmd.migrated())).thenRun(this::startRunner).thenNoReply();
        })
        .onCommand(RestartRunner.class, (state, cmd) -> {
          if (state.running() && running == null) startRunner(state);
          return Effect().noReply();
        })
        .build();
  }

  private ReplyEffect<Event, State> onStart(State state, Start cmd) {
    if (state.terminated()) return Effect().reply(cmd.replyTo(), StatusReply.error("Query " + cmd.definition().queryId() + " was terminated"));
    if (state.definition() != null) {
      // A replaced query (CREATE OR REPLACE) keeps its positions and runs the new statement.
      if (state.definition().equals(cmd.definition())) return Effect().reply(cmd.replyTo(), StatusReply.ack());
      return Effect().persist(new Started(cmd.definition())).thenRun(s -> {
        stopRunner();
        startRunner(s);
      }).thenReply(cmd.replyTo(), s -> StatusReply.ack());
    }
    return Effect().persist(new Started(cmd.definition()))
        .thenRun(this::startRunner)
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onProgress(State state, Progress cmd) {
    if (!state.running()) return Effect().reply(cmd.replyTo(), Done.getInstance());
    lastError = null;
    return Effect().persist(new Progressed(cmd.nextOffsets())).thenReply(cmd.replyTo(), s -> Done.getInstance());
  }

  private ReplyEffect<Event, State> onTerminate(State state, Terminate cmd) {
    if (state.terminated()) return Effect().reply(cmd.replyTo(), Done.getInstance());
    return Effect().persist(new Terminated(System.currentTimeMillis())).thenRun(s -> {
      stopRunner();
      if (s.definition() != null) runner.released(s.definition());
      passivate();
    }).thenReply(cmd.replyTo(), s -> Done.getInstance());
  }

  private void migrate(State state) {
    try {
      context.getSelf().tell(new MigratePlan(state.definition().withPlan(runner.planOf(state.definition()))));
    } catch (RuntimeException e) {
      context.getLog().warn("Query {} could not be migrated to a stored plan: {}", state.definition().queryId(), e.toString());
      lastError = "Could not migrate to a stored plan: " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private void startRunner(State state) {
    if (running != null) return;
    try {
      running = runner.run(state.definition(), state.nextOffsets(), context.getSelf());
    } catch (RuntimeException e) {
      context.getLog().warn("Query {} could not start: {}", state.definition().queryId(), e.toString());
      context.getSelf().tell(new RunnerStopped(e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  private void stopRunner() {
    if (running != null) {
      running.stop();
      running = null;
    }
  }

  private void passivate() {
    if (shard != null) shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Started.class, (state, e) -> new State(e.definition(), state.nextOffsets(), false))
        .onEvent(Progressed.class, (state, e) -> {
          Map<Integer, Long> next = new HashMap<>(state.nextOffsets());
          next.putAll(e.nextOffsets());
          return new State(state.definition(), next, false);
        })
        .onEvent(Terminated.class, (state, e) -> new State(state.definition(), state.nextOffsets(), true))
        .onEvent(PlanMigrated.class, (state, e) -> new State(e.definition(), state.nextOffsets(), state.terminated()))
        .build();
  }
}

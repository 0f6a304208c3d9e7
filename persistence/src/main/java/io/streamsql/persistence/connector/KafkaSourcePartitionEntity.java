package io.streamsql.persistence.connector;

import io.streamsql.persistence.CborSerializable;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One partition of a Kafka topic read by a source connector. It owns the running consumer and
 * journals the next Kafka offset to read, only after every record before it is persisted in the
 * stream's log (the runner appends with the log's idempotent append, the offset as sequence).
 * After a crash it resumes from the journaled offset; the log drops the records it already holds,
 * so each message is in the stream exactly once.
 */
public final class KafkaSourcePartitionEntity extends EventSourcedBehaviorWithEnforcedReplies<
    KafkaSourcePartitionEntity.Command, KafkaSourcePartitionEntity.Event, KafkaSourcePartitionEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "KafkaSourcePartition");

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  /**
   * Runs (or, when {@code paused}, holds) this partition. The first one journals the spec; the
   * keeper sends it again periodically, which restarts the consumer after a restart of the node.
   */
  public record Start(KafkaSourceSpec spec, boolean paused, ActorRef<Done> replyTo) implements Command {}

  /** From the runner: every message before {@code nextOffset} is in the stream's log (or was skipped). */
  public record Ingested(long nextOffset, long records, long errors, String lastError, ActorRef<Done> replyTo) implements Command {}

  /** Stops the consumer for good (the connector was deleted). */
  public record Delete(ActorRef<Done> replyTo) implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /**
   * {@code state}: new (never started), running, paused, failed (the consumer stopped with
   * {@code runnerError} and restarts after a pause) or deleted. {@code errors} counts messages that
   * could not be decoded (skipped); {@code lastError} is the newest such problem.
   */
  public record Status(String state, long nextOffset, long records, long errors, String lastError, String runnerError)
      implements CborSerializable {}

  /** From the runner: its stream ended with {@code error}; the entity restarts it after a pause. */
  public record RunnerStopped(String error) implements Command {}

  enum RestartRunner implements Command { INSTANCE }

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  public record Started(KafkaSourceSpec spec, boolean paused) implements Event {}

  public record Progressed(long nextOffset, long records, long errors, String lastError) implements Event {}

  public record PausedChanged(boolean paused) implements Event {}

  public record Deleted(long deletedAt) implements Event {}

  // ---- state ----
  public record State(KafkaSourceSpec spec, long nextOffset, long records, long errors, String lastError, boolean paused, boolean deleted)
      implements CborSerializable {
    boolean shouldRun() {
      return spec != null && !paused && !deleted;
    }
  }

  public static String entityId(String connector, String incarnation, int partition) {
    return connector + ":" + incarnation + ":" + partition;
  }

  public static PersistenceId persistenceId(String entityId) {
    return PersistenceId.of(TYPE_KEY.name(), entityId);
  }

  public static Behavior<Command> create(
      String entityId, KafkaIngestion ingestion, Duration restartDelay, ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new KafkaSourcePartitionEntity(ctx, entityId, ingestion, restartDelay, shard, timers)));
  }

  private final ActorContext<Command> context;
  private final KafkaIngestion ingestion;
  private final Duration restartDelay;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final TimerScheduler<Command> timers;
  // Not journaled: a running consumer belongs to this incarnation of the actor only.
  private KafkaIngestion.Running running;
  private String runnerError;

  private KafkaSourcePartitionEntity(ActorContext<Command> context, String entityId, KafkaIngestion ingestion, Duration restartDelay,
      ActorRef<ClusterSharding.ShardCommand> shard, TimerScheduler<Command> timers) {
    super(persistenceId(entityId));
    this.context = context;
    this.ingestion = ingestion;
    this.restartDelay = restartDelay;
    this.shard = shard;
    this.timers = timers;
  }

  @Override
  public State emptyState() {
    return new State(null, 0, 0, 0, null, false, false);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Progress events are small and many; snapshots keep recovery short.
    return RetentionCriteria.snapshotEvery(500, 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.shouldRun()) startRunner(state);
          else if (state.deleted()) passivate();
        })
        .onSignal(PostStop.instance(), state -> stopRunner())
        .build();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Start.class, this::onStart)
        .onCommand(Ingested.class, this::onIngested)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(GetStatus.class, (state, cmd) -> Effect().reply(cmd.replyTo(), status(state)))
        .onCommand(RunnerStopped.class, (state, cmd) -> {
          running = null;
          runnerError = cmd.error();
          context.getLog().warn("Kafka source {} stopped: {}; restarting in {}", persistenceId().id(), cmd.error(), restartDelay);
          if (state.shouldRun()) timers.startSingleTimer(RestartRunner.INSTANCE, restartDelay);
          return Effect().noReply();
        })
        .onCommand(RestartRunner.class, (state, cmd) -> {
          if (state.shouldRun()) startRunner(state);
          return Effect().noReply();
        })
        .build();
  }

  private Status status(State state) {
    String name;
    if (state.deleted()) name = "deleted";
    else if (state.spec() == null) name = "new";
    else if (state.paused()) name = "paused";
    else if (runnerError != null) name = "failed";
    else name = "running";
    return new Status(name, state.nextOffset(), state.records(), state.errors(), state.lastError(), runnerError);
  }

  private ReplyEffect<Event, State> onStart(State state, Start cmd) {
    if (state.deleted()) return Effect().reply(cmd.replyTo(), Done.getInstance());
    if (state.spec() == null) {
      return Effect().persist(new Started(cmd.spec(), cmd.paused()))
          .thenRun(this::adjustRunner)
          .thenReply(cmd.replyTo(), s -> Done.getInstance());
    }
    if (state.paused() != cmd.paused()) {
      return Effect().persist(new PausedChanged(cmd.paused()))
          .thenRun(this::adjustRunner)
          .thenReply(cmd.replyTo(), s -> Done.getInstance());
    }
    adjustRunner(state);
    return Effect().reply(cmd.replyTo(), Done.getInstance());
  }

  private ReplyEffect<Event, State> onIngested(State state, Ingested cmd) {
    // A late batch of a consumer stopped by pause or delete still journals: its records are in the log.
    if (state.spec() == null || cmd.nextOffset() <= state.nextOffset()) return Effect().reply(cmd.replyTo(), Done.getInstance());
    runnerError = null;
    return Effect().persist(new Progressed(cmd.nextOffset(), cmd.records(), cmd.errors(), cmd.lastError()))
        .thenReply(cmd.replyTo(), s -> Done.getInstance());
  }

  private ReplyEffect<Event, State> onDelete(State state, Delete cmd) {
    if (state.deleted()) return Effect().reply(cmd.replyTo(), Done.getInstance());
    return Effect().persist(new Deleted(System.currentTimeMillis()))
        .thenRun(s -> {
          stopRunner();
          passivate();
        })
        .thenReply(cmd.replyTo(), s -> Done.getInstance());
  }

  /** Starts or stops the consumer to match the state. */
  private void adjustRunner(State state) {
    if (state.shouldRun()) {
      if (running == null && !timers.isTimerActive(RestartRunner.INSTANCE)) startRunner(state);
    } else {
      stopRunner();
    }
  }

  private void startRunner(State state) {
    if (running != null) return;
    try {
      running = ingestion.run(state.spec(), state.nextOffset(), context.getSelf());
      runnerError = null;
    } catch (RuntimeException e) {
      context.getSelf().tell(new RunnerStopped(e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  private void stopRunner() {
    timers.cancel(RestartRunner.INSTANCE);
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
        .onEvent(Started.class, (s, e) -> new State(e.spec(), s.nextOffset(), s.records(), s.errors(), s.lastError(), e.paused(), false))
        .onEvent(Progressed.class, (s, e) -> new State(s.spec(), e.nextOffset(), s.records() + e.records(), s.errors() + e.errors(),
            e.lastError() != null ? e.lastError() : s.lastError(), s.paused(), s.deleted()))
        .onEvent(PausedChanged.class, (s, e) -> new State(s.spec(), s.nextOffset(), s.records(), s.errors(), s.lastError(), e.paused(), s.deleted()))
        .onEvent(Deleted.class, (s, e) -> new State(s.spec(), s.nextOffset(), s.records(), s.errors(), s.lastError(), s.paused(), true))
        .build();
  }
}

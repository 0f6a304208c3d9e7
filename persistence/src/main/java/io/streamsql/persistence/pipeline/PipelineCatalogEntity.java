package io.streamsql.persistence.pipeline;

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
 * The pipelines of the server (Feldera's {@code /v0/pipelines}): each pipeline's definition, the
 * program version it runs and its lifecycle. A new program gets a new version; the version that
 * compiled last keeps serving until the new one is deployed (each deployed version is a SQL
 * namespace of its own), so a program error never takes a running pipeline down.
 */
public final class PipelineCatalogEntity extends EventSourcedBehaviorWithEnforcedReplies<
    PipelineCatalogEntity.Command, PipelineCatalogEntity.Event, PipelineCatalogEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "PipelineCatalog");

  /** What the user asked the pipeline to do. */
  public enum Lifecycle { STOPPED, RUNNING, PAUSED }

  /** Where the pipeline's newest program is: waiting to deploy, deployed, or refused. */
  public enum ProgramStatus { PENDING, SUCCESS, SQL_ERROR }

  /** A program error, with its place in the program text (1-based; 0 when unknown). */
  public record ProgramError(String message, int line, int column) implements CborSerializable {}

  /** A program version deployed into its own SQL namespace. */
  public record Deployment(long programVersion, String namespace, String programCode) implements CborSerializable {}

  public record Pipeline(
      String name, String description, String programCode, String runtimeConfig, long programVersion,
      ProgramStatus programStatus, ProgramError programError, Deployment deployed, Lifecycle lifecycle,
      long createdAt, long updatedAt) implements CborSerializable {

    Pipeline withProgram(ProgramStatus status, ProgramError error, Deployment deployment, long at) {
      return new Pipeline(name, description, programCode, runtimeConfig, programVersion, status, error, deployment, lifecycle, createdAt, at);
    }

    Pipeline withLifecycle(Lifecycle next, long at) {
      return new Pipeline(name, description, programCode, runtimeConfig, programVersion, programStatus, programError, deployed, next,
          createdAt, at);
    }
  }

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  /**
   * Creates or replaces a pipeline. A changed program becomes the next version, PENDING until it is
   * deployed; the same program keeps its version and status. {@code mustBeNew} refuses an existing
   * name (POST).
   */
  public record Put(String name, String description, String programCode, String runtimeConfig, boolean mustBeNew, long at,
      ActorRef<StatusReply<Pipeline>> replyTo) implements Command {}

  /** The program {@code programVersion} is deployed in {@code namespace}; ignored unless it is still the newest version. */
  public record MarkDeployed(String name, long programVersion, String namespace, long at, ActorRef<StatusReply<Pipeline>> replyTo)
      implements Command {}

  /** The program {@code programVersion} did not compile; the deployed version (if any) stays. */
  public record MarkFailed(String name, long programVersion, ProgramError error, long at, ActorRef<StatusReply<Pipeline>> replyTo)
      implements Command {}

  public record SetLifecycle(String name, Lifecycle lifecycle, long at, ActorRef<StatusReply<Pipeline>> replyTo) implements Command {}

  public record Delete(String name, ActorRef<StatusReply<Pipeline>> replyTo) implements Command {}

  public record Get(String name, ActorRef<StatusReply<Pipeline>> replyTo) implements Command {}

  public record GetAll(ActorRef<State> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  public record PipelinePut(Pipeline pipeline) implements Event {}

  public record ProgramDeployed(String name, long programVersion, String namespace, long at) implements Event {}

  public record ProgramFailed(String name, long programVersion, ProgramError error, long at) implements Event {}

  public record LifecycleChanged(String name, Lifecycle lifecycle, long at) implements Event {}

  public record PipelineDeleted(String name) implements Event {}

  // ---- state ----
  public record State(Map<String, Pipeline> pipelines) implements CborSerializable {
    public State {
      pipelines = new TreeMap<>(pipelines);
    }

    State with(Pipeline p) {
      Map<String, Pipeline> next = new TreeMap<>(pipelines);
      next.put(p.name(), p);
      return new State(next);
    }
  }

  public PipelineCatalogEntity(String id) {
    super(PersistenceId.of(TYPE_KEY.name(), id));
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
        .onCommand(Put.class, this::onPut)
        .onCommand(MarkDeployed.class, this::onDeployed)
        .onCommand(MarkFailed.class, this::onFailed)
        .onCommand(SetLifecycle.class, this::onLifecycle)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), found(state, cmd.name())))
        .onCommand(GetAll.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  private static StatusReply<Pipeline> found(State state, String name) {
    Pipeline p = state.pipelines().get(name);
    return p == null ? StatusReply.error(unknown(name)) : StatusReply.success(p);
  }

  /** The text clients match on for a pipeline that does not exist. */
  public static String unknown(String name) {
    return "Unknown pipeline name '" + name + "'";
  }

  private ReplyEffect<Event, State> onPut(State state, Put cmd) {
    Pipeline existing = state.pipelines().get(cmd.name());
    if (existing != null && cmd.mustBeNew()) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("A pipeline named '" + cmd.name() + "' already exists"));
    }
    Pipeline next;
    if (existing == null) {
      next = new Pipeline(cmd.name(), cmd.description(), cmd.programCode(), cmd.runtimeConfig(), 1, ProgramStatus.PENDING, null, null,
          Lifecycle.STOPPED, cmd.at(), cmd.at());
    } else if (existing.programCode().equals(cmd.programCode())) {
      next = new Pipeline(cmd.name(), cmd.description(), cmd.programCode(), cmd.runtimeConfig(), existing.programVersion(),
          existing.programStatus(), existing.programError(), existing.deployed(), existing.lifecycle(), existing.createdAt(), cmd.at());
    } else {
      next = new Pipeline(cmd.name(), cmd.description(), cmd.programCode(), cmd.runtimeConfig(), existing.programVersion() + 1,
          ProgramStatus.PENDING, null, existing.deployed(), existing.lifecycle(), existing.createdAt(), cmd.at());
    }
    Pipeline stored = next;
    return Effect().persist(new PipelinePut(stored)).thenReply(cmd.replyTo(), s -> StatusReply.success(stored));
  }

  private ReplyEffect<Event, State> onDeployed(State state, MarkDeployed cmd) {
    Pipeline p = state.pipelines().get(cmd.name());
    if (p == null) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(cmd.name())));
    if (p.programVersion() != cmd.programVersion()) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("Program version " + cmd.programVersion() + " of pipeline '" + cmd.name()
          + "' was replaced by version " + p.programVersion()));
    }
    if (p.deployed() != null && p.deployed().programVersion() == cmd.programVersion()) return Effect().reply(cmd.replyTo(), StatusReply.success(p));
    return Effect().persist(new ProgramDeployed(cmd.name(), cmd.programVersion(), cmd.namespace(), cmd.at()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(s.pipelines().get(cmd.name())));
  }

  private ReplyEffect<Event, State> onFailed(State state, MarkFailed cmd) {
    Pipeline p = state.pipelines().get(cmd.name());
    if (p == null) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(cmd.name())));
    if (p.programVersion() != cmd.programVersion()) return Effect().reply(cmd.replyTo(), StatusReply.success(p));
    return Effect().persist(new ProgramFailed(cmd.name(), cmd.programVersion(), cmd.error(), cmd.at()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(s.pipelines().get(cmd.name())));
  }

  private ReplyEffect<Event, State> onLifecycle(State state, SetLifecycle cmd) {
    Pipeline p = state.pipelines().get(cmd.name());
    if (p == null) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(cmd.name())));
    if (cmd.lifecycle() != Lifecycle.STOPPED && p.deployed() == null) {
      String why = p.programStatus() == ProgramStatus.SQL_ERROR ? "its program has errors" : "its program is not compiled yet";
      return Effect().reply(cmd.replyTo(), StatusReply.error("Pipeline '" + cmd.name() + "' cannot start: " + why));
    }
    if (p.lifecycle() == cmd.lifecycle()) return Effect().reply(cmd.replyTo(), StatusReply.success(p));
    return Effect().persist(new LifecycleChanged(cmd.name(), cmd.lifecycle(), cmd.at()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(s.pipelines().get(cmd.name())));
  }

  private ReplyEffect<Event, State> onDelete(State state, Delete cmd) {
    Pipeline p = state.pipelines().get(cmd.name());
    if (p == null) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(cmd.name())));
    return Effect().persist(new PipelineDeleted(cmd.name())).thenReply(cmd.replyTo(), s -> StatusReply.success(p));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(PipelinePut.class, (state, e) -> state.with(e.pipeline()))
        .onEvent(ProgramDeployed.class, (state, e) -> {
          Pipeline p = state.pipelines().get(e.name());
          return state.with(p.withProgram(ProgramStatus.SUCCESS, null, new Deployment(e.programVersion(), e.namespace(), p.programCode()), e.at()));
        })
        .onEvent(ProgramFailed.class, (state, e) -> {
          Pipeline p = state.pipelines().get(e.name());
          return state.with(p.withProgram(ProgramStatus.SQL_ERROR, e.error(), p.deployed(), e.at()));
        })
        .onEvent(LifecycleChanged.class, (state, e) -> state.with(state.pipelines().get(e.name()).withLifecycle(e.lifecycle(), e.at())))
        .onEvent(PipelineDeleted.class, (state, e) -> {
          Map<String, Pipeline> next = new TreeMap<>(state.pipelines());
          next.remove(e.name());
          return new State(next);
        })
        .build();
  }

  /** All pipelines, by name. */
  public static List<Pipeline> all(State state) {
    return new ArrayList<>(state.pipelines().values());
  }
}

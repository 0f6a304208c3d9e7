package io.streamsql.persistence.catalog;

import io.streamsql.core.log.RetentionPolicy;
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
 * The durable catalog of the streams of one pipeline. One entity per pipeline ("default").
 * A create refused replies an error only when the name exists; a delete only when it does not.
 */
public final class StreamCatalogEntity
    extends EventSourcedBehaviorWithEnforcedReplies<StreamCatalogEntity.Command, StreamCatalogEntity.Event, StreamCatalogEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "StreamCatalog");

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  public record CreateStream(
      String name, int partitions, RetentionPolicy retention, long createdAt, ActorRef<StatusReply<StreamDefinition>> replyTo)
      implements Command {}

  public record DeleteStream(String name, ActorRef<StatusReply<StreamDefinition>> replyTo) implements Command {}

  public record GetStream(String name, ActorRef<StreamLookup> replyTo) implements Command {}

  /** Reply to {@link GetStream}; {@code definition} is null when the stream does not exist. */
  public record StreamLookup(StreamDefinition definition) implements CborSerializable {
    public Optional<StreamDefinition> asOptional() {
      return Optional.ofNullable(definition);
    }
  }

  public record ListStreams(ActorRef<StreamList> replyTo) implements Command {}

  public record StreamList(List<StreamDefinition> streams) implements CborSerializable {}


  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  public record StreamCreated(StreamDefinition definition) implements Event {}

  public record StreamDeleted(String name) implements Event {}

  // ---- state ----
  public record State(Map<String, StreamDefinition> streams) implements CborSerializable {
    public State {
      streams = new TreeMap<>(streams);
    }
  }

  public StreamCatalogEntity(String pipeline) {
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
        .onCommand(CreateStream.class, this::onCreate)
        .onCommand(DeleteStream.class, this::onDelete)
        .onCommand(GetStream.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new StreamLookup(state.streams().get(cmd.name()))))
        .onCommand(ListStreams.class, (state, cmd) -> Effect().reply(cmd.replyTo(), new StreamList(new ArrayList<>(state.streams().values()))))
        .build();
  }

  private ReplyEffect<Event, State> onCreate(State state, CreateStream cmd) {
    if (state.streams().containsKey(cmd.name())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("Stream '" + cmd.name() + "' already exists"));
    }
    StreamDefinition def =
        new StreamDefinition(cmd.name(), UUID.randomUUID().toString(), cmd.partitions(), cmd.retention(), cmd.createdAt());
    return Effect().persist(new StreamCreated(def)).thenReply(cmd.replyTo(), s -> StatusReply.success(def));
  }

  private ReplyEffect<Event, State> onDelete(State state, DeleteStream cmd) {
    StreamDefinition def = state.streams().get(cmd.name());
    if (def == null) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("Stream '" + cmd.name() + "' does not exist"));
    }
    return Effect().persist(new StreamDeleted(cmd.name())).thenReply(cmd.replyTo(), s -> StatusReply.success(def));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(StreamCreated.class, (state, e) -> {
          Map<String, StreamDefinition> streams = new TreeMap<>(state.streams());
          streams.put(e.definition().name(), e.definition());
          return new State(streams);
        })
        .onEvent(StreamDeleted.class, (state, e) -> {
          Map<String, StreamDefinition> streams = new TreeMap<>(state.streams());
          streams.remove(e.name());
          return new State(streams);
        })
        .build();
  }
}

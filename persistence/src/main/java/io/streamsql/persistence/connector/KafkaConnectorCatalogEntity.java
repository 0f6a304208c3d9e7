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
 * The Kafka source connectors of a pipeline: each one's configuration and whether it is paused.
 * The per-partition progress lives in {@link KafkaSourcePartitionEntity}; this catalog is what
 * the connector keeper reads to keep those entities running.
 */
public final class KafkaConnectorCatalogEntity extends EventSourcedBehaviorWithEnforcedReplies<
    KafkaConnectorCatalogEntity.Command, KafkaConnectorCatalogEntity.Event, KafkaConnectorCatalogEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "KafkaConnectorCatalog");

  /** One connector: a topic (with {@code topicPartitions} partitions) read into {@code stream}. */
  public record Connector(
      String name, String incarnation, String stream, String topic, String brokers, String format, String keyFormat,
      List<String> columns, Map<String, String> properties, int topicPartitions, boolean paused, long createdAt)
      implements CborSerializable {
    public Connector {
      columns = columns == null ? List.of() : List.copyOf(columns);
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    Connector withPaused(boolean next) {
      return new Connector(name, incarnation, stream, topic, brokers, format, keyFormat, columns, properties, topicPartitions, next, createdAt);
    }

    public KafkaSourceSpec spec(int partition) {
      return new KafkaSourceSpec(name, incarnation, stream, topic, partition, brokers, format, keyFormat, columns, properties);
    }
  }

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  /** Adds a connector; refused when the name is taken. */
  public record Create(Connector connector, ActorRef<StatusReply<Connector>> replyTo) implements Command {}

  public record SetPaused(String name, boolean paused, ActorRef<StatusReply<Connector>> replyTo) implements Command {}

  public record Delete(String name, ActorRef<StatusReply<Connector>> replyTo) implements Command {}

  public record Get(String name, ActorRef<StatusReply<Connector>> replyTo) implements Command {}

  public record GetAll(ActorRef<State> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  public record ConnectorCreated(Connector connector) implements Event {}

  public record PausedChanged(String name, boolean paused) implements Event {}

  public record ConnectorDeleted(String name) implements Event {}

  // ---- state ----
  public record State(Map<String, Connector> connectors) implements CborSerializable {
    public State {
      connectors = new TreeMap<>(connectors);
    }

    public List<Connector> all() {
      return new ArrayList<>(connectors.values());
    }
  }

  /** The text clients match on for a connector that does not exist. */
  public static String unknown(String name) {
    return "Unknown Kafka connector '" + name + "'";
  }

  public static String taken(String name) {
    return "A Kafka connector named '" + name + "' already exists";
  }

  public KafkaConnectorCatalogEntity(String id) {
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
        .onCommand(Create.class, this::onCreate)
        .onCommand(SetPaused.class, this::onSetPaused)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), found(state, cmd.name())))
        .onCommand(GetAll.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  private static StatusReply<Connector> found(State state, String name) {
    Connector c = state.connectors().get(name);
    return c == null ? StatusReply.error(unknown(name)) : StatusReply.success(c);
  }

  private ReplyEffect<Event, State> onCreate(State state, Create cmd) {
    if (state.connectors().containsKey(cmd.connector().name())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error(taken(cmd.connector().name())));
    }
    return Effect().persist(new ConnectorCreated(cmd.connector())).thenReply(cmd.replyTo(), s -> StatusReply.success(cmd.connector()));
  }

  private ReplyEffect<Event, State> onSetPaused(State state, SetPaused cmd) {
    Connector c = state.connectors().get(cmd.name());
    if (c == null) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(cmd.name())));
    if (c.paused() == cmd.paused()) return Effect().reply(cmd.replyTo(), StatusReply.success(c));
    return Effect().persist(new PausedChanged(cmd.name(), cmd.paused()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(s.connectors().get(cmd.name())));
  }

  private ReplyEffect<Event, State> onDelete(State state, Delete cmd) {
    Connector c = state.connectors().get(cmd.name());
    if (c == null) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(cmd.name())));
    return Effect().persist(new ConnectorDeleted(cmd.name())).thenReply(cmd.replyTo(), s -> StatusReply.success(c));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(ConnectorCreated.class, (state, e) -> {
          Map<String, Connector> next = new TreeMap<>(state.connectors());
          next.put(e.connector().name(), e.connector());
          return new State(next);
        })
        .onEvent(PausedChanged.class, (state, e) -> {
          Map<String, Connector> next = new TreeMap<>(state.connectors());
          next.put(e.name(), next.get(e.name()).withPaused(e.paused()));
          return new State(next);
        })
        .onEvent(ConnectorDeleted.class, (state, e) -> {
          Map<String, Connector> next = new TreeMap<>(state.connectors());
          next.remove(e.name());
          return new State(next);
        })
        .build();
  }
}

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
 * The Kafka sink connectors of a pipeline: each exports a stream to a topic. Their progress is not
 * here: each source partition's next offset is committed to Kafka, in the same transaction as
 * the messages (see docs/connectors.md).
 */
public final class KafkaSinkCatalogEntity extends EventSourcedBehaviorWithEnforcedReplies<
    KafkaSinkCatalogEntity.Command, KafkaSinkCatalogEntity.Event, KafkaSinkCatalogEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "KafkaSinkCatalog");

  /**
   * One sink: {@code source} (with {@code sourcePartitions} partitions) exported to {@code topic}.
   * {@code from}: earliest or latest, where a partition without a committed offset starts.
   */
  public record Sink(
      String name, String incarnation, String source, int sourcePartitions, String brokers, String topic, String from,
      Map<String, String> properties, boolean paused, long createdAt) implements CborSerializable {
    public Sink {
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    Sink withPaused(boolean next) {
      return new Sink(name, incarnation, source, sourcePartitions, brokers, topic, from, properties, next, createdAt);
    }

    /** The consumer group the sink's source offsets are committed to. */
    public String group() {
      return "streamsql-sink-" + name + "-" + incarnation;
    }

    /** The companion topic (one partition per source partition) whose group offsets are the sink's source offsets. */
    public String offsetsTopic() {
      return "streamsql-sink-offsets-" + name + "-" + incarnation;
    }

    /** The transactional id of source partition {@code p}'s producer: a restarted producer fences the old one. */
    public String transactionalId(int p) {
      return "streamsql-sink-" + name + "-" + incarnation + "-" + p;
    }

    public String partitionEntityId(int p) {
      return name + ":" + incarnation + ":" + p;
    }
  }

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  public record Create(Sink sink, ActorRef<StatusReply<Sink>> replyTo) implements Command {}

  public record SetPaused(String name, boolean paused, ActorRef<StatusReply<Sink>> replyTo) implements Command {}

  public record Delete(String name, ActorRef<StatusReply<Sink>> replyTo) implements Command {}

  public record Get(String name, ActorRef<StatusReply<Sink>> replyTo) implements Command {}

  public record GetAll(ActorRef<State> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  public record SinkCreated(Sink sink) implements Event {}

  public record PausedChanged(String name, boolean paused) implements Event {}

  public record SinkDeleted(String name) implements Event {}

  // ---- state ----
  public record State(Map<String, Sink> sinks) implements CborSerializable {
    public State {
      sinks = new TreeMap<>(sinks);
    }

    public List<Sink> all() {
      return new ArrayList<>(sinks.values());
    }
  }

  public static String unknown(String name) {
    return "Unknown Kafka sink '" + name + "'";
  }

  public static String taken(String name) {
    return "A Kafka sink named '" + name + "' already exists";
  }

  public KafkaSinkCatalogEntity(String id) {
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
        .onCommand(Create.class, (state, cmd) -> {
          if (state.sinks().containsKey(cmd.sink().name())) {
            return Effect().reply(cmd.replyTo(), StatusReply.error(taken(cmd.sink().name())));
          }
          return Effect().persist(new SinkCreated(cmd.sink())).thenReply(cmd.replyTo(), s -> StatusReply.success(cmd.sink()));
        })
        .onCommand(SetPaused.class, (state, cmd) -> {
          Sink s = state.sinks().get(cmd.name());
          if (s == null) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(cmd.name())));
          if (s.paused() == cmd.paused()) return Effect().reply(cmd.replyTo(), StatusReply.success(s));
          return Effect().persist(new PausedChanged(cmd.name(), cmd.paused()))
              .thenReply(cmd.replyTo(), after -> StatusReply.success(after.sinks().get(cmd.name())));
        })
        .onCommand(Delete.class, (state, cmd) -> {
          Sink s = state.sinks().get(cmd.name());
          if (s == null) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(cmd.name())));
          return Effect().persist(new SinkDeleted(cmd.name())).thenReply(cmd.replyTo(), after -> StatusReply.success(s));
        })
        .onCommand(Get.class, (state, cmd) -> {
          Sink s = state.sinks().get(cmd.name());
          return Effect().reply(cmd.replyTo(), s == null ? StatusReply.error(unknown(cmd.name())) : StatusReply.success(s));
        })
        .onCommand(GetAll.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(SinkCreated.class, (state, e) -> {
          Map<String, Sink> next = new TreeMap<>(state.sinks());
          next.put(e.sink().name(), e.sink());
          return new State(next);
        })
        .onEvent(PausedChanged.class, (state, e) -> {
          Map<String, Sink> next = new TreeMap<>(state.sinks());
          next.put(e.name(), next.get(e.name()).withPaused(e.paused()));
          return new State(next);
        })
        .onEvent(SinkDeleted.class, (state, e) -> {
          Map<String, Sink> next = new TreeMap<>(state.sinks());
          next.remove(e.name());
          return new State(next);
        })
        .build();
  }
}

package io.streamsql.persistence.security;

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
 * The API keys of the cluster. Only a SHA-256 hash of each secret is journaled: a key is shown
 * once, when it is created, and cannot be recovered from Cassandra.
 */
public final class ApiKeyCatalogEntity extends EventSourcedBehaviorWithEnforcedReplies<
    ApiKeyCatalogEntity.Command, ApiKeyCatalogEntity.Event, ApiKeyCatalogEntity.State> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "ApiKeyCatalog");

  /** One key: {@code id} is public (it is part of the key's text), {@code secretHash} the hex SHA-256 of the key. */
  public record StoredKey(String id, String name, String secretHash, List<String> roles, List<String> scopes, long createdAt)
      implements CborSerializable {
    public StoredKey {
      roles = roles == null ? List.of() : List.copyOf(roles);
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }
  }

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  public record Create(StoredKey key, ActorRef<StatusReply<StoredKey>> replyTo) implements Command {}

  public record Revoke(String id, ActorRef<StatusReply<StoredKey>> replyTo) implements Command {}

  public record Get(String id, ActorRef<StatusReply<StoredKey>> replyTo) implements Command {}

  public record GetAll(ActorRef<State> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  public record KeyCreated(StoredKey key) implements Event {}

  public record KeyRevoked(String id) implements Event {}

  // ---- state ----
  public record State(Map<String, StoredKey> keys) implements CborSerializable {
    public State {
      keys = new TreeMap<>(keys);
    }

    public List<StoredKey> all() {
      return new ArrayList<>(keys.values());
    }
  }

  public static String unknown(String id) {
    return "Unknown API key '" + id + "'";
  }

  public static String taken(String id) {
    return "An API key with id '" + id + "' already exists";
  }

  public ApiKeyCatalogEntity(String id) {
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
          if (state.keys().containsKey(cmd.key().id())) {
            return Effect().reply(cmd.replyTo(), StatusReply.error(taken(cmd.key().id())));
          }
          return Effect().persist(new KeyCreated(cmd.key())).thenReply(cmd.replyTo(), s -> StatusReply.success(cmd.key()));
        })
        .onCommand(Revoke.class, (state, cmd) -> {
          StoredKey k = state.keys().get(cmd.id());
          if (k == null) return Effect().reply(cmd.replyTo(), StatusReply.error(unknown(cmd.id())));
          return Effect().persist(new KeyRevoked(cmd.id())).thenReply(cmd.replyTo(), s -> StatusReply.success(k));
        })
        .onCommand(Get.class, (state, cmd) -> reply(cmd.replyTo(), state.keys().get(cmd.id()), cmd.id()))
        .onCommand(GetAll.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .build();
  }

  private ReplyEffect<Event, State> reply(ActorRef<StatusReply<StoredKey>> replyTo, StoredKey key, String id) {
    return Effect().reply(replyTo, key == null ? StatusReply.error(unknown(id)) : StatusReply.success(key));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(KeyCreated.class, (state, e) -> {
          Map<String, StoredKey> next = new TreeMap<>(state.keys());
          next.put(e.key().id(), e.key());
          return new State(next);
        })
        .onEvent(KeyRevoked.class, (state, e) -> {
          Map<String, StoredKey> next = new TreeMap<>(state.keys());
          next.remove(e.id());
          return new State(next);
        })
        .build();
  }
}

package io.streamsql.cluster.security;

import io.streamsql.cluster.EntityAsks;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.persistence.security.ApiKeyCatalogEntity;
import io.streamsql.persistence.security.ApiKeyCatalogEntity.StoredKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/** Asks to the API key catalog entity (one per cluster: keys are few and listed together). */
public final class ApiKeyCatalog {
  static final String ENTITY_ID = "default";

  private final ClusterSharding sharding;
  private final Duration timeout;

  private ApiKeyCatalog(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  /** Registers the entity type with sharding and returns the catalog that asks it. */
  public static ApiKeyCatalog start(ClusterSharding sharding, Duration timeout) {
    sharding.init(Entity.of(ApiKeyCatalogEntity.TYPE_KEY, ctx -> new ApiKeyCatalogEntity(ctx.getEntityId())));
    return new ApiKeyCatalog(sharding, timeout);
  }

  private EntityRef<ApiKeyCatalogEntity.Command> entity() {
    return sharding.entityRefFor(ApiKeyCatalogEntity.TYPE_KEY, ENTITY_ID);
  }

  public CompletionStage<StoredKey> create(StoredKey key) {
    return ask(r -> new ApiKeyCatalogEntity.Create(key, r), "Creating an API key");
  }

  public CompletionStage<StoredKey> revoke(String id) {
    return ask(r -> new ApiKeyCatalogEntity.Revoke(id, r), "Revoking API key " + id);
  }

  /** The key with this id, or empty when there is none (never created, or revoked). */
  public CompletionStage<Optional<StoredKey>> find(String id) {
    return entity().<StatusReply<StoredKey>>ask(r -> new ApiKeyCatalogEntity.Get(id, r), timeout)
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Reading API key " + id);
          return reply.isSuccess() ? Optional.of(reply.getValue()) : Optional.empty();
        });
  }

  public CompletionStage<List<StoredKey>> all() {
    return entity().<ApiKeyCatalogEntity.State>ask(ApiKeyCatalogEntity.GetAll::new, timeout)
        .handle((state, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Listing API keys");
          return state.all();
        });
  }

  private CompletionStage<StoredKey> ask(Function<ActorRef<StatusReply<StoredKey>>, ApiKeyCatalogEntity.Command> command, String what) {
    return entity().<StatusReply<StoredKey>>ask(command::apply, timeout).handle((reply, failure) -> {
      if (failure != null) throw EntityAsks.translate(failure, what);
      if (reply.isError()) {
        String message = reply.getError().getMessage();
        throw new StreamSqlException(message.startsWith("Unknown") ? ErrorCode.API_KEY_NOT_FOUND : ErrorCode.INVALID_REQUEST, message);
      }
      return reply.getValue();
    });
  }
}

package io.streamsql.cluster.pipelines;

import io.streamsql.cluster.EntityAsks;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.Lifecycle;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.Pipeline;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.ProgramError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/** Asks to the pipeline catalog entity, with its refusals as StreamSQL errors of the right kind. */
public final class PipelineCatalog {
  /** The one catalog entity: pipelines are few and listed together. */
  static final String ENTITY_ID = "default";

  private final ClusterSharding sharding;
  private final Duration timeout;

  public PipelineCatalog(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  private EntityRef<PipelineCatalogEntity.Command> entity() {
    return sharding.entityRefFor(PipelineCatalogEntity.TYPE_KEY, ENTITY_ID);
  }

  CompletionStage<Pipeline> put(String name, String description, String program, String runtimeConfig, boolean mustBeNew) {
    long at = System.currentTimeMillis();
    return ask(r -> new PipelineCatalogEntity.Put(name, description, program, runtimeConfig, mustBeNew, at, r), "Saving pipeline " + name);
  }

  CompletionStage<Pipeline> markDeployed(String name, long version, String namespace) {
    long at = System.currentTimeMillis();
    return ask(r -> new PipelineCatalogEntity.MarkDeployed(name, version, namespace, at, r), "Recording the deployment of " + name);
  }

  CompletionStage<Pipeline> markFailed(String name, long version, ProgramError error) {
    long at = System.currentTimeMillis();
    return ask(r -> new PipelineCatalogEntity.MarkFailed(name, version, error, at, r), "Recording the program error of " + name);
  }

  CompletionStage<Pipeline> setLifecycle(String name, Lifecycle lifecycle) {
    long at = System.currentTimeMillis();
    return ask(r -> new PipelineCatalogEntity.SetLifecycle(name, lifecycle, at, r), "Changing the state of " + name);
  }

  CompletionStage<Pipeline> delete(String name) {
    return ask(r -> new PipelineCatalogEntity.Delete(name, r), "Deleting pipeline " + name);
  }

  public CompletionStage<Pipeline> get(String name) {
    return ask(r -> new PipelineCatalogEntity.Get(name, r), "Reading pipeline " + name);
  }

  public CompletionStage<List<Pipeline>> all() {
    return entity().<PipelineCatalogEntity.State>ask(PipelineCatalogEntity.GetAll::new, timeout)
        .handle((state, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Listing pipelines");
          return PipelineCatalogEntity.all(state);
        });
  }

  private CompletionStage<Pipeline> ask(Function<ActorRef<StatusReply<Pipeline>>, PipelineCatalogEntity.Command> command, String what) {
    return entity().<StatusReply<Pipeline>>ask(command::apply, timeout).handle((reply, failure) -> {
      if (failure != null) throw EntityAsks.translate(failure, what);
      if (reply.isSuccess()) return reply.getValue();
      throw refusal(reply.getError().getMessage());
    });
  }

  private static StreamSqlException refusal(String message) {
    ErrorCode code = message.startsWith("Unknown pipeline name") ? ErrorCode.PIPELINE_NOT_FOUND
        : message.contains("already exists") ? ErrorCode.PIPELINE_ALREADY_EXISTS
        : ErrorCode.INVALID_REQUEST;
    return new StreamSqlException(code, message, Map.of());
  }
}

package io.streamsql.cluster.sql;

import io.streamsql.persistence.sql.QueryEntity;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Keeps the server's persistent queries running: a cluster singleton that, at start and then
 * periodically, reads the SQL catalog of every namespace with queries (the server's and each
 * deployed pipeline program's) and sends every registered query a status request. A query entity
 * that is not running (after a restart of the cluster, or after the node that hosted it left)
 * starts on that message and resumes from its journaled positions; the messages also keep running
 * queries from being passivated when idle. Each tick also runs {@code onTick} (pipelines resume
 * deployments a dead node left unfinished).
 */
public final class QueryKeeper {
  public sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  private record Namespaces(List<String> names) implements Command {}

  private record Catalog(String namespace, SqlCatalogEntity.State state) implements Command {}

  private record Failed(Throwable error) implements Command {}

  private QueryKeeper() {}

  public static Behavior<Command> create(ClusterSharding sharding, Supplier<CompletionStage<List<String>>> namespaces, Runnable onTick,
      Duration interval, Duration askTimeout) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(100), interval);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            ctx.pipeToSelf(namespaces.get(), (names, error) -> error == null ? new Namespaces(names) : new Failed(error));
            try {
              onTick.run();
            } catch (RuntimeException e) {
              ctx.getLog().debug("Query keeper tick task failed: {}", e.getMessage());
            }
            return Behaviors.same();
          })
          .onMessage(Namespaces.class, msg -> {
            for (String namespace : msg.names()) {
              ctx.pipeToSelf(sharding.entityRefFor(SqlCatalogEntity.TYPE_KEY, namespace)
                      .<SqlCatalogEntity.State>ask(SqlCatalogEntity.GetCatalog::new, askTimeout),
                  (state, error) -> error == null ? new Catalog(namespace, state) : new Failed(error));
            }
            return Behaviors.same();
          })
          .onMessage(Catalog.class, msg -> {
            for (String id : msg.state().queries().keySet()) {
              sharding.entityRefFor(QueryEntity.TYPE_KEY, QueryEntity.entityId(msg.namespace(), id))
                  .tell(new QueryEntity.GetStatus(ctx.getSystem().ignoreRef()));
            }
            return Behaviors.same();
          })
          .onMessage(Failed.class, msg -> {
            ctx.getLog().debug("Query keeper could not read a catalog: {}", msg.error().getMessage());
            return Behaviors.same();
          })
          .build();
    }));
  }
}

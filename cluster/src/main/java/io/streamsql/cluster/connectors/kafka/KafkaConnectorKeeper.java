package io.streamsql.cluster.connectors.kafka;

import io.streamsql.persistence.connector.KafkaConnectorCatalogEntity;
import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Keeps the Kafka source and sink connectors running: a cluster singleton that, at start and then every
 * {@code interval}, reads the connector catalogs and sends every partition entity of every
 * connector its {@code Start} (sinks: {@code Ensure}). An entity that is not running (after a restart of the cluster, or
 * after the node hosting it left) starts on it and resumes from its journaled offset; the
 * messages also keep consuming entities from being passivated when idle.
 */
public final class KafkaConnectorKeeper {
  public sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  private record Catalog(KafkaConnectorCatalogEntity.State state) implements Command {}

  private record Sinks(io.streamsql.persistence.connector.KafkaSinkCatalogEntity.State state) implements Command {}

  private record Failed(Throwable error) implements Command {}

  private KafkaConnectorKeeper() {}

  public static Behavior<Command> create(ClusterSharding sharding, String catalogId, Duration interval, Duration askTimeout) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(100), interval);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            ctx.pipeToSelf(sharding.entityRefFor(KafkaConnectorCatalogEntity.TYPE_KEY, catalogId)
                    .<KafkaConnectorCatalogEntity.State>ask(KafkaConnectorCatalogEntity.GetAll::new, askTimeout),
                (state, error) -> error == null ? new Catalog(state) : new Failed(error));
            ctx.pipeToSelf(sharding.entityRefFor(io.streamsql.persistence.connector.KafkaSinkCatalogEntity.TYPE_KEY, catalogId)
                    .<io.streamsql.persistence.connector.KafkaSinkCatalogEntity.State>ask(
                        io.streamsql.persistence.connector.KafkaSinkCatalogEntity.GetAll::new, askTimeout),
                (state, error) -> error == null ? new Sinks(state) : new Failed(error));
            return Behaviors.same();
          })
          .onMessage(Catalog.class, msg -> {
            msg.state().all().forEach(c -> KafkaConnectorService.ensureRunning(sharding, c, ctx.getSystem().ignoreRef()));
            return Behaviors.same();
          })
          .onMessage(Sinks.class, msg -> {
            msg.state().all().forEach(s -> KafkaSinkService.ensureRunning(sharding, s, ctx.getSystem().ignoreRef()));
            return Behaviors.same();
          })
          .onMessage(Failed.class, msg -> {
            ctx.getLog().debug("Kafka connector keeper could not read the catalog: {}", msg.error().getMessage());
            return Behaviors.same();
          })
          .build();
    }));
  }
}

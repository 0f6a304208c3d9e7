package io.streamsql.cluster.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Shards and entities of each entity type hosted on this node, asked of the local shard region
 * on every {@link #poll()}. Scraping every node gives the distribution across the cluster.
 */
public final class ShardDistribution {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final List<Type> types;

  private record Type(EntityTypeKey<?> key, AtomicLong shards, AtomicLong entities) {}

  public ShardDistribution(ActorSystem<?> system, MeterRegistry registry, List<EntityTypeKey<?>> keys) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.types = keys.stream().map(key -> {
      Type type = new Type(key, new AtomicLong(), new AtomicLong());
      Gauge.builder("streamsql.sharding.shards", type.shards(), AtomicLong::get).tag("entity_type", key.name())
          .description("Shards of this entity type hosted on this node").register(registry);
      Gauge.builder("streamsql.sharding.entities", type.entities(), AtomicLong::get).tag("entity_type", key.name())
          .description("Entities of this entity type running on this node").register(registry);
      return type;
    }).toList();
  }

  public void poll() {
    for (Type type : types) {
      AskPattern.<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
              sharding.shardState(), reply -> new GetShardRegionState(type.key(), reply), TIMEOUT, system.scheduler())
          .thenAccept(state -> {
            long entities = 0;
            for (ShardRegion.ShardState shard : state.getShards()) entities += shard.getEntityIds().size();
            type.shards().set(state.getShards().size());
            type.entities().set(entities);
          });
    }
  }
}

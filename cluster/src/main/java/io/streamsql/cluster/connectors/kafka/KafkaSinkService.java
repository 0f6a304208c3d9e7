package io.streamsql.cluster.connectors.kafka;

import io.streamsql.cluster.EntityAsks;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.StreamName;
import io.streamsql.persistence.connector.KafkaSinkCatalogEntity;
import io.streamsql.persistence.connector.KafkaSinkCatalogEntity.Sink;
import io.streamsql.persistence.log.PartitionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/** Kafka sink connectors: create, list, status, pause, resume, delete. */
public final class KafkaSinkService {
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final StreamService streams;
  private final KafkaTopics topics;
  private final String catalogId;
  private final Duration askTimeout;

  public KafkaSinkService(ActorSystem<?> system, StreamService streams, KafkaTopics topics) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.streams = streams;
    this.topics = topics;
    this.catalogId = streams.settings().pipeline();
    this.askTimeout = streams.settings().askTimeout();
  }

  private EntityRef<KafkaSinkCatalogEntity.Command> catalog() {
    return sharding.entityRefFor(KafkaSinkCatalogEntity.TYPE_KEY, catalogId);
  }

  private EntityRef<KafkaSinkPartitionActor.Command> partition(Sink s, int p) {
    return sharding.entityRefFor(KafkaSinkPartitionActor.TYPE_KEY, s.partitionEntityId(p));
  }

  static void ensureRunning(ClusterSharding sharding, Sink s, ActorRef<Done> noReply) {
    for (int p = 0; p < s.sourcePartitions(); p++) {
      sharding.entityRefFor(KafkaSinkPartitionActor.TYPE_KEY, s.partitionEntityId(p)).tell(new KafkaSinkPartitionActor.Ensure(s, p, noReply));
    }
  }

  /**
   * Checks the request and the source stream, creates the companion offsets topic (one partition
   * per source partition; the target topic must exist or be auto-created by the brokers), records
   * the sink and starts its exporters.
   */
  public CompletionStage<Sink> create(String name, String source, List<String> brokers, String topic, String from,
      Map<String, String> properties) {
    StreamName.validate("sink", name);
    if (source == null) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'source' (the stream to export) is required");
    if (brokers == null || brokers.isEmpty()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'brokers' (a list of host:port) is required, e.g. [\"localhost:9092\"]");
    }
    String start = from == null ? "earliest" : from;
    if (!start.equals("earliest") && !start.equals("latest")) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'from' must be earliest or latest, got '" + start + "'", Map.of("from", start));
    }
    String target = topic == null ? name : topic;
    String brokerList = String.join(",", brokers);
    Map<String, String> props = properties == null ? Map.of() : properties;
    streams.journal().requireHealthy();
    return catalog().<StatusReply<Sink>>ask(r -> new KafkaSinkCatalogEntity.Get(name, r), askTimeout)
        .thenCompose(existing -> {
          if (existing.isSuccess()) {
            throw new StreamSqlException(ErrorCode.CONNECTOR_ALREADY_EXISTS, KafkaSinkCatalogEntity.taken(name), Map.of("name", name));
          }
          return streams.get(source);
        })
        .thenCompose(def -> {
          Sink sink = new Sink(name, UUID.randomUUID().toString().substring(0, 8), def.name(), def.partitions(), brokerList, target, start,
              props, false, System.currentTimeMillis());
          return topics.createTopic(brokerList, props, new NewTopic(sink.offsetsTopic(), def.partitions(), (short) 1))
              .thenCompose(done -> catalog().<StatusReply<Sink>>ask(r -> new KafkaSinkCatalogEntity.Create(sink, r), askTimeout));
        })
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Creating Kafka sink '" + name + "'");
          if (reply.isError()) throw new StreamSqlException(ErrorCode.CONNECTOR_ALREADY_EXISTS, reply.getError().getMessage(), Map.of("name", name));
          ensureRunning(sharding, reply.getValue(), system.ignoreRef());
          return reply.getValue();
        });
  }

  public CompletionStage<Sink> get(String name) {
    return catalog().<StatusReply<Sink>>ask(r -> new KafkaSinkCatalogEntity.Get(name, r), askTimeout)
        .handle((reply, failure) -> unwrap(reply, failure, name, "Reading"));
  }

  public CompletionStage<List<KafkaSinkStatus>> list() {
    return catalog().<KafkaSinkCatalogEntity.State>ask(KafkaSinkCatalogEntity.GetAll::new, askTimeout)
        .handle((state, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Listing Kafka sinks");
          return state.all();
        })
        .thenCompose(all -> {
          List<CompletableFuture<KafkaSinkStatus>> each = all.stream().map(s -> status(s).toCompletableFuture()).toList();
          return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(done -> each.stream().map(CompletableFuture::join).toList());
        });
  }

  public CompletionStage<KafkaSinkStatus> status(String name) {
    return get(name).thenCompose(this::status);
  }

  private CompletionStage<KafkaSinkStatus> status(Sink s) {
    List<CompletableFuture<KafkaSinkPartitionActor.Status>> parts = new ArrayList<>();
    for (int p = 0; p < s.sourcePartitions(); p++) {
      parts.add(partition(s, p).<KafkaSinkPartitionActor.Status>ask(KafkaSinkPartitionActor.GetStatus::new, askTimeout).toCompletableFuture());
    }
    CompletableFuture<List<PartitionState>> ends = streams.get(s.source()).thenCompose(streams::partitionStates).toCompletableFuture();
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenCombine(ends, (done, states) -> {
      List<KafkaSinkStatus.Partition> partitions = new ArrayList<>();
      String error = null;
      for (int p = 0; p < parts.size(); p++) {
        KafkaSinkPartitionActor.Status st = parts.get(p).join();
        long end = states.get(p).nextOffset();
        long next = st.nextOffset();
        if (st.error() != null && error == null) error = "Partition " + p + ": " + st.error();
        partitions.add(new KafkaSinkStatus.Partition(p, st.state(), next, end, next < 0 ? end : Math.max(0, end - next), st.exported(), st.error()));
      }
      return new KafkaSinkStatus(s, s.paused() ? "paused" : error != null ? "failed" : "running", error, partitions);
    }).exceptionally(failure -> {
      throw EntityAsks.translate(failure, "Reading the status of Kafka sink '" + s.name() + "'");
    });
  }

  public CompletionStage<Sink> setPaused(String name, boolean paused) {
    return catalog().<StatusReply<Sink>>ask(r -> new KafkaSinkCatalogEntity.SetPaused(name, paused, r), askTimeout)
        .handle((reply, failure) -> unwrap(reply, failure, name, paused ? "Pausing" : "Resuming"))
        .thenCompose(s -> {
          List<CompletableFuture<Done>> acks = new ArrayList<>();
          for (int p = 0; p < s.sourcePartitions(); p++) {
            int partition = p;
            acks.add(partition(s, p).<Done>ask(r -> new KafkaSinkPartitionActor.Ensure(s, partition, r), askTimeout).toCompletableFuture());
          }
          return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenApply(done -> s);
        });
  }

  /** Stops every exporter and removes the sink; the topic and what was exported stay. */
  public CompletionStage<Sink> delete(String name) {
    return get(name).thenCompose(s -> {
      List<CompletableFuture<Done>> stops = new ArrayList<>();
      for (int p = 0; p < s.sourcePartitions(); p++) {
        stops.add(partition(s, p).<Done>ask(KafkaSinkPartitionActor.Stop::new, askTimeout).toCompletableFuture());
      }
      return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
          .thenCompose(done -> catalog().<StatusReply<Sink>>ask(r -> new KafkaSinkCatalogEntity.Delete(name, r), askTimeout))
          .handle((reply, failure) -> unwrap(reply, failure, name, "Deleting"));
    });
  }

  private static Sink unwrap(StatusReply<Sink> reply, Throwable failure, String name, String what) {
    if (failure != null) throw EntityAsks.translate(failure, what + " Kafka sink '" + name + "'");
    if (reply.isError()) throw new StreamSqlException(ErrorCode.CONNECTOR_NOT_FOUND, reply.getError().getMessage(), Map.of("name", name));
    return reply.getValue();
  }
}

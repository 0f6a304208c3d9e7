package io.streamsql.cluster.connectors.kafka;

import io.streamsql.cluster.EntityAsks;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.core.log.StreamName;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.connector.KafkaConnectorCatalogEntity;
import io.streamsql.persistence.connector.KafkaConnectorCatalogEntity.Connector;
import io.streamsql.persistence.connector.KafkaSourcePartitionEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/** Kafka source connectors: create, list, status, pause, resume, delete. */
public final class KafkaConnectorService {
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final StreamService streams;
  private final KafkaTopics topics;
  private final String catalogId;
  private final Duration askTimeout;

  public KafkaConnectorService(ActorSystem<?> system, StreamService streams, KafkaTopics topics) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.streams = streams;
    this.topics = topics;
    this.catalogId = streams.settings().pipeline();
    this.askTimeout = streams.settings().askTimeout();
  }

  private EntityRef<KafkaConnectorCatalogEntity.Command> catalog() {
    return sharding.entityRefFor(KafkaConnectorCatalogEntity.TYPE_KEY, catalogId);
  }

  private EntityRef<KafkaSourcePartitionEntity.Command> partition(Connector c, int partition) {
    return sharding.entityRefFor(KafkaSourcePartitionEntity.TYPE_KEY, c.spec(partition).entityId());
  }

  /**
   * Checks the request, asks Kafka for the topic's partitions (a clear 400 when the brokers cannot
   * be reached or the topic does not exist), creates the stream unless it exists, records the
   * connector and starts one consumer entity per topic partition.
   */
  public CompletionStage<Connector> create(KafkaSourceRequest request) {
    StreamName.validate("connector", request.name());
    String format = request.format() == null ? "json" : request.format();
    String keyFormat = request.keyFormat() == null ? "kafka" : request.keyFormat();
    KafkaMessageDecoder.validate(format, keyFormat);
    if (request.brokers() == null || request.brokers().isEmpty() || request.brokers().stream().anyMatch(b -> b == null || b.isBlank())) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'brokers' (a list of host:port) is required, e.g. [\"localhost:9092\"]");
    }
    String topic = request.topic() == null ? request.name() : request.topic();
    String brokers = String.join(",", request.brokers());
    Map<String, String> properties = request.properties() == null ? Map.of() : request.properties();
    streams.journal().requireHealthy();
    return get(request.name()).handle((existing, missing) -> {
          if (existing != null) {
            throw new StreamSqlException(ErrorCode.CONNECTOR_ALREADY_EXISTS, KafkaConnectorCatalogEntity.taken(request.name()),
                Map.of("name", request.name()));
          }
          StreamSqlException e = EntityAsks.translate(missing, "Reading Kafka connector '" + request.name() + "'");
          if (e.code() != ErrorCode.CONNECTOR_NOT_FOUND) throw e;
          return Done.getInstance();
        })
        .thenCompose(ok -> topics.partitionCount(brokers, properties, topic))
        .thenCompose(topicPartitions -> stream(request.name(), request.partitions() == null ? topicPartitions : request.partitions(),
                request.retention())
            .thenCompose(def -> {
              Connector c = new Connector(request.name(), UUID.randomUUID().toString().substring(0, 8), def.name(), topic, brokers, format,
                  keyFormat, request.columns(), properties, topicPartitions, false, System.currentTimeMillis());
              return catalog().<StatusReply<Connector>>ask(r -> new KafkaConnectorCatalogEntity.Create(c, r), askTimeout);
            }))
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Creating Kafka connector '" + request.name() + "'");
          if (reply.isError()) {
            throw new StreamSqlException(ErrorCode.CONNECTOR_ALREADY_EXISTS, reply.getError().getMessage(), Map.of("name", request.name()));
          }
          Connector c = reply.getValue();
          ensureRunning(sharding, c, system.ignoreRef());
          return c;
        });
  }

  /** The stream of that name: created now, or the one that already exists. */
  private CompletionStage<StreamDefinition> stream(String name, int partitions, RetentionPolicy retention) {
    return streams.create(name, partitions, retention).handle((def, failure) -> {
      if (failure == null) return CompletableFuture.completedFuture(def);
      StreamSqlException e = EntityAsks.translate(failure, "Creating stream '" + name + "'");
      if (e.code() == ErrorCode.STREAM_ALREADY_EXISTS) return streams.get(name);
      throw e;
    }).thenCompose(s -> s);
  }

  /** Tells every partition entity of {@code c} to run (or stay paused); idempotent, so the keeper repeats it. */
  static void ensureRunning(ClusterSharding sharding, Connector c, org.apache.pekko.actor.typed.ActorRef<Done> noReply) {
    for (int p = 0; p < c.topicPartitions(); p++) {
      sharding.entityRefFor(KafkaSourcePartitionEntity.TYPE_KEY, c.spec(p).entityId())
          .tell(new KafkaSourcePartitionEntity.Start(c.spec(p), c.paused(), noReply));
    }
  }

  public CompletionStage<Connector> get(String name) {
    return catalog().<StatusReply<Connector>>ask(r -> new KafkaConnectorCatalogEntity.Get(name, r), askTimeout)
        .handle((reply, failure) -> unwrap(reply, failure, name, "Reading"));
  }

  public CompletionStage<List<KafkaSourceStatus>> list() {
    return catalog().<KafkaConnectorCatalogEntity.State>ask(KafkaConnectorCatalogEntity.GetAll::new, askTimeout)
        .handle((state, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Listing Kafka connectors");
          return state.all();
        })
        .thenCompose(all -> {
          List<CompletableFuture<KafkaSourceStatus>> each = all.stream().map(c -> status(c).toCompletableFuture()).toList();
          return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
              .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
        });
  }

  public CompletionStage<KafkaSourceStatus> status(String name) {
    return get(name).thenCompose(this::status);
  }

  private CompletionStage<KafkaSourceStatus> status(Connector c) {
    List<CompletableFuture<KafkaSourcePartitionEntity.Status>> parts = new ArrayList<>();
    for (int p = 0; p < c.topicPartitions(); p++) {
      parts.add(partition(c, p).<KafkaSourcePartitionEntity.Status>ask(KafkaSourcePartitionEntity.GetStatus::new, askTimeout)
          .toCompletableFuture());
    }
    CompletableFuture<Object> ends = topics.endOffsets(c.brokers(), c.properties(), c.topic(), c.topicPartitions())
        .<Object>handle((offsets, error) -> error != null ? EntityAsks.translate(error, "Reading end offsets") : offsets)
        .toCompletableFuture();
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenCombine(ends, (done, endsOrError) -> {
      @SuppressWarnings("unchecked")
      Map<Integer, Long> offsets = endsOrError instanceof Map<?, ?> m ? (Map<Integer, Long>) m : Map.of();
      String error = endsOrError instanceof StreamSqlException e ? e.getMessage() : null;
      List<KafkaSourceStatus.Partition> partitions = new ArrayList<>();
      boolean failed = error != null;
      for (int p = 0; p < parts.size(); p++) {
        KafkaSourcePartitionEntity.Status s = parts.get(p).join();
        Long end = offsets.get(p);
        if (s.runnerError() != null) {
          failed = true;
          if (error == null) error = "Partition " + p + ": " + s.runnerError();
        }
        partitions.add(new KafkaSourceStatus.Partition(p, s.state(), s.nextOffset(), end, end == null ? null : Math.max(0, end - s.nextOffset()),
            s.records(), s.errors(), s.lastError()));
      }
      String state = c.paused() ? "paused" : failed ? "failed" : "running";
      return new KafkaSourceStatus(c, state, error, partitions);
    }).exceptionally(failure -> {
      throw EntityAsks.translate(failure, "Reading the status of Kafka connector '" + c.name() + "'");
    });
  }

  public CompletionStage<Connector> setPaused(String name, boolean paused) {
    return catalog().<StatusReply<Connector>>ask(r -> new KafkaConnectorCatalogEntity.SetPaused(name, paused, r), askTimeout)
        .handle((reply, failure) -> unwrap(reply, failure, name, paused ? "Pausing" : "Resuming"))
        .thenCompose(c -> {
          List<CompletableFuture<Done>> acks = new ArrayList<>();
          for (int p = 0; p < c.topicPartitions(); p++) {
            int partition = p;
            acks.add(partition(c, p).<Done>ask(r -> new KafkaSourcePartitionEntity.Start(c.spec(partition), paused, r), askTimeout)
                .toCompletableFuture());
          }
          return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenApply(done -> c);
        });
  }

  /** Stops every consumer of the connector and removes it; its stream and the records in it stay. */
  public CompletionStage<Connector> delete(String name) {
    return get(name).thenCompose(c -> {
      List<CompletableFuture<Done>> stops = new ArrayList<>();
      for (int p = 0; p < c.topicPartitions(); p++) {
        stops.add(partition(c, p).<Done>ask(KafkaSourcePartitionEntity.Delete::new, askTimeout).toCompletableFuture());
      }
      return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
          .thenCompose(done -> catalog().<StatusReply<Connector>>ask(r -> new KafkaConnectorCatalogEntity.Delete(name, r), askTimeout))
          .handle((reply, failure) -> unwrap(reply, failure, name, "Deleting"));
    });
  }

  private static Connector unwrap(StatusReply<Connector> reply, Throwable failure, String name, String what) {
    if (failure != null) throw EntityAsks.translate(failure, what + " Kafka connector '" + name + "'");
    if (reply.isError()) {
      throw new StreamSqlException(ErrorCode.CONNECTOR_NOT_FOUND, reply.getError().getMessage(), Map.of("name", name));
    }
    return reply.getValue();
  }
}

package io.streamsql.cluster.streams;

import io.streamsql.cluster.DefinitionCache;
import io.streamsql.cluster.EntityAsks;
import io.streamsql.cluster.StreamSqlSettings;
import io.streamsql.cluster.journal.JournalHealth;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.core.log.StreamName;
import io.streamsql.persistence.catalog.StreamCatalogEntity;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.LogPartitionEntity;
import io.streamsql.persistence.log.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/** Creating, listing, describing and deleting streams: the catalog side of streams. */
public final class StreamService {
  private final ClusterSharding sharding;
  private final StreamSqlSettings settings;
  private final JournalHealth journal;
  private final BiConsumer<String, Boolean> deleteAllEvents;
  private final DefinitionCache<StreamDefinition> cache;
  private final PartitionAppender appender;
  private final WriteQueues queues;

  public StreamService(
      ActorSystem<?> system, StreamSqlSettings settings, JournalHealth journal, BiConsumer<String, Boolean> deleteAllEvents) {
    this.sharding = ClusterSharding.get(system);
    this.settings = settings;
    this.journal = journal;
    this.deleteAllEvents = deleteAllEvents;
    this.cache = new DefinitionCache<>(settings.streamDefinitionCacheTtl(), StreamDefinition::name);
    this.appender = new PartitionAppender(settings.appendAttemptTimeout(), settings.appendDeadline());
    this.queues = new WriteQueues(settings);
  }

  /**
   * Appends records to one partition of a stream through this node's group-commit queue of the
   * partition, whose batches are re-sent when lost (see {@link PartitionAppender}) so that a
   * partition that moves to another node loses no write. Completes with the records' offsets, or
   * with the partition's refusal as the failure.
   */
  public CompletionStage<LogPartitionEntity.Appended> append(
      StreamDefinition def, int partition, List<io.streamsql.core.log.StoredRecord> records) {
    return queues.append(def.partitionEntityId(partition),
        (batch, mark) -> appender.append(partition(def, partition), batch, def.retention(), mark), records);
  }

  /** This node's group-commit queues (shared with table writes). */
  public WriteQueues writeQueues() {
    return queues;
  }

  private EntityRef<StreamCatalogEntity.Command> catalog() {
    return sharding.entityRefFor(StreamCatalogEntity.TYPE_KEY, settings.pipeline());
  }

  public EntityRef<LogPartitionEntity.Command> partition(StreamDefinition def, int partition) {
    return sharding.entityRefFor(LogPartitionEntity.TYPE_KEY, def.partitionEntityId(partition));
  }

  public CompletionStage<StreamDefinition> create(String name, Integer partitions, RetentionPolicy retention) {
    StreamName.validate(name);
    int n = partitions == null ? settings.defaultPartitions() : partitions;
    if (n < 1 || n > settings.maxPartitions()) {
      throw new StreamSqlException(
          ErrorCode.INVALID_REQUEST,
          "partitions must be between 1 and " + settings.maxPartitions() + ", got " + n,
          Map.of("partitions", n));
    }
    journal.requireHealthy();
    long now = System.currentTimeMillis();
    RetentionPolicy policy = retention == null ? RetentionPolicy.FOREVER : retention;
    return catalog()
        .<StatusReply<StreamDefinition>>ask(r -> new StreamCatalogEntity.CreateStream(name, n, policy, now, r), settings.askTimeout())
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Creating stream '" + name + "'");
          if (reply.isError()) {
            throw new StreamSqlException(ErrorCode.STREAM_ALREADY_EXISTS, reply.getError().getMessage(), Map.of("name", name));
          }
          cache.put(reply.getValue());
          return reply.getValue();
        });
  }

  public CompletionStage<List<StreamDefinition>> list() {
    journal.requireHealthy();
    return catalog()
        .<StreamCatalogEntity.StreamList>ask(StreamCatalogEntity.ListStreams::new, settings.askTimeout())
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Listing streams");
          return reply.streams();
        });
  }

  /** The definition of a stream, or a 404 error. */
  public CompletionStage<StreamDefinition> get(String name) {
    journal.requireHealthy();
    // A read: asked again when the catalog's shard was just moving (its message lost).
    return EntityAsks.<StreamCatalogEntity.StreamLookup>retrying(
            timeout -> catalog().ask(r -> new StreamCatalogEntity.GetStream(name, r), timeout),
            settings.appendAttemptTimeout(), settings.askTimeout())
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Looking up stream '" + name + "'");
          return reply.asOptional().orElseThrow(() -> notFound(name));
        });
  }

  /**
   * The definition of a stream as {@link #get}, from this node's cache when it was read within
   * {@code streamsql.streams.definition-cache-ttl}: for hot paths (uploads, topic writes) that
   * should not ask the catalog entity every time.
   */
  public CompletionStage<StreamDefinition> cached(String name) {
    journal.requireHealthy();
    return cache.get(name, this::get);
  }

  public CompletionStage<StreamDescription> describe(String name) {
    return get(name).thenCompose(def -> partitionStates(def).thenApply(states -> new StreamDescription(def, states)));
  }

  public CompletionStage<List<PartitionState>> partitionStates(StreamDefinition def) {
    List<CompletableFuture<PartitionState>> asks = new ArrayList<>();
    for (int p = 0; p < def.partitions(); p++) {
      asks.add(partition(def, p).<PartitionState>ask(LogPartitionEntity.GetInfo::new, settings.askTimeout()).toCompletableFuture());
    }
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
        .handle((ok, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Reading the partitions of '" + def.name() + "'");
          return asks.stream().map(CompletableFuture::join).toList();
        });
  }

  /**
   * Removes the stream from the catalog, then deletes its journal in the background. The name is
   * free again at once: a new stream of that name has a new incarnation and never sees old data.
   */
  public CompletionStage<StreamDefinition> delete(String name) {
    journal.requireHealthy();
    return catalog()
        .<StatusReply<StreamDefinition>>ask(r -> new StreamCatalogEntity.DeleteStream(name, r), settings.askTimeout())
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Deleting stream '" + name + "'");
          if (reply.isError()) throw notFound(name);
          StreamDefinition def = reply.getValue();
          cache.remove(name);
          for (int p = 0; p < def.partitions(); p++) {
            deleteAllEvents.accept(LogPartitionEntity.persistenceId(def.partitionEntityId(p)).id(), true);
          }
          return def;
        });
  }

  static StreamSqlException notFound(String name) {
    return new StreamSqlException(ErrorCode.STREAM_NOT_FOUND, "Stream '" + name + "' does not exist", Map.of("name", name));
  }

  public StreamSqlSettings settings() {
    return settings;
  }

  public JournalHealth journal() {
    return journal;
  }

  public ClusterSharding sharding() {
    return sharding;
  }
}

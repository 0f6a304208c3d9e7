package io.streamsql.cluster;

import com.typesafe.config.Config;
import io.streamsql.cluster.journal.JournalHealth;
import io.streamsql.cluster.metrics.JournalWriteTimer;
import io.streamsql.cluster.metrics.MeteredLogWriter;
import io.streamsql.cluster.metrics.NodeMetrics;
import io.streamsql.cluster.metrics.QueryInputLag;
import io.streamsql.cluster.metrics.QueryMeters;
import io.streamsql.cluster.metrics.ShardDistribution;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.cluster.streams.RetentionSweeper;
import io.streamsql.cluster.log.LogWriter;
import io.streamsql.cluster.log.ShardedLogWriter;
import io.streamsql.cluster.streams.StreamAppender;
import io.streamsql.cluster.streams.WriteQueues;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.cluster.sql.ProcessingLogWriter;
import io.streamsql.cluster.sql.QueryKeeper;
import io.streamsql.cluster.sql.SqlEngine;
import io.streamsql.cluster.sql.SqlQueryRunner;
import io.streamsql.persistence.CassandraSchema;
import io.streamsql.persistence.sql.QueryEntity;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.catalog.StreamCatalogEntity;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.persistence.log.LogPartitionEntity;
import io.streamsql.persistence.table.CassandraChunkStore;
import io.streamsql.persistence.table.ChunkStore;
import io.streamsql.persistence.table.TableCatalogEntity;
import io.streamsql.persistence.table.TablePartitionEntity;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.persistence.cassandra.cleanup.Cleanup;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import io.streamsql.core.sql.fn.FunctionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.FutureConverters;

/**
 * One StreamSQL cluster node: the actor system, cluster membership, the schema step, sharding of
 * every entity type, the retention singleton and the services the HTTP layer calls.
 */
public final class StreamSqlNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamSqlNode.class);

  private final ActorSystem<Void> system;
  private final StreamSqlSettings settings;
  private final JournalHealth journal;
  private final StreamService streams;
  private final StreamAppender appender;
  private final LogWriter logWriter;
  private final LogReader reader;
  private final TableService tables;
  private final ProcessingLogWriter processingLog;
  private final SqlEngine sql;
  private final io.streamsql.cluster.sql.query.QueryService queries;
  private final io.streamsql.cluster.sql.MaterializedAggregates aggregates;
  private final io.streamsql.cluster.pipelines.PipelineService pipelines;
  private final io.streamsql.cluster.connectors.files.FileConnectorService files;
  private final io.streamsql.cluster.pipelines.PipelineEgress egress;
  private final io.streamsql.cluster.connectors.kafka.KafkaConnectorService kafkaConnectors;
  private io.streamsql.cluster.connectors.kafka.KafkaSinkService kafkaSinks;
  private final NodeMetrics metrics;
  private org.apache.pekko.actor.Cancellable metricsPolling;
  private final io.streamsql.cluster.security.ApiKeyCatalog apiKeys;

  private StreamSqlNode(ActorSystem<Void> system) {
    this.system = system;
    this.settings = StreamSqlSettings.from(system.settings().config());
    Config config = system.settings().config();
    this.metrics = NodeMetrics.from(config.getConfig("streamsql"));

    Cluster cluster = Cluster.get(system);
    if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }

    await(CassandraSchema.create(system), Duration.ofSeconds(60), "creating the Cassandra schema");
    this.journal = new JournalHealth(system, settings.journalHealthInterval());

    Cleanup cleanup = new Cleanup(system);
    ClusterSharding sharding = ClusterSharding.get(system);
    JournalWriteTimer journalWrites = new JournalWriteTimer(metrics.registry());
    sharding.init(Entity.of(LogPartitionEntity.TYPE_KEY, ctx -> LogPartitionEntity.create(
        ctx.getEntityId(), settings.log(), Clock.systemUTC(),
        (pid, toSeqNr) -> FutureConverters.asJava(cleanup.deleteEventsTo(pid, toSeqNr))
            .whenComplete((done, error) -> {
              if (error != null) log.warn("Retention could not delete events of {} up to {}: {}", pid, toSeqNr, error.toString());
            }), journalWrites)));
    sharding.init(Entity.of(StreamCatalogEntity.TYPE_KEY, ctx -> new StreamCatalogEntity(ctx.getEntityId())));
    ChunkStore chunks = new CassandraChunkStore(CassandraSchema.session(system), CassandraSchema.journalKeyspace(system));
    sharding.init(Entity.of(TablePartitionEntity.TYPE_KEY, ctx ->
        TablePartitionEntity.create(ctx.getEntityId(), settings.log(), settings.tableSnapshots(), chunks)));
    sharding.init(Entity.of(TableCatalogEntity.TYPE_KEY, ctx -> new TableCatalogEntity(ctx.getEntityId())));

    java.util.function.BiConsumer<String, Boolean> deleteJournal =
        (pid, neverReuse) -> FutureConverters.asJava(cleanup.deleteAll(pid, neverReuse))
            .whenComplete((done, error) -> {
              if (error != null) log.warn("Could not delete the journal of {}: {}", pid, error.toString());
            });
    this.streams = new StreamService(system, settings, journal, deleteJournal);
    WriteQueues writeQueues = streams.writeQueues();
    this.logWriter = new MeteredLogWriter(new ShardedLogWriter(streams), metrics);
    this.appender = new StreamAppender(logWriter, settings);
    this.tables = new TableService(system, settings, journal, appender, writeQueues, deleteJournal, chunks);
    CassandraReadJournal readJournal =
        PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.reader = new LogReader(streams, readJournal, readJournal,
        io.streamsql.cluster.streams.LiveTailSettings.from(config.getConfig("streamsql")));

    this.processingLog = new ProcessingLogWriter(streams);
    QueryInputLag inputLag = new QueryInputLag(metrics.registry());
    SqlQueryRunner queryRunner = new SqlQueryRunner(system, streams, tables, reader, processingLog, inputLag);
    sharding.init(Entity.of(SqlCatalogEntity.TYPE_KEY, ctx -> new SqlCatalogEntity(ctx.getEntityId())));
    sharding.init(Entity.of(QueryEntity.TYPE_KEY, ctx -> QueryEntity.create(ctx.getEntityId(), queryRunner, ctx.getShard())));
    io.streamsql.persistence.aggregate.AggregateProcessors aggregateProcessors = (namespace, queryId, stage, plan) -> {
      var compiled = new io.streamsql.core.sql.plan.PlanCompiler(io.streamsql.core.sql.fn.FunctionRegistry.standard())
          .compile(plan, (message, record) -> processingLog.report(namespace, queryId, null, message, record));
      if (io.streamsql.persistence.aggregate.AggregateProcessors.REGROUP.equals(stage)) {
        return new io.streamsql.core.sql.plan.TableRegrouper(compiled.processor());
      }
      if (io.streamsql.persistence.aggregate.AggregateProcessors.JOIN.equals(stage)) return compiled.join().newPartition().get();
      if (stage.startsWith(io.streamsql.persistence.aggregate.AggregateProcessors.JOIN_SIDE)) {
        return compiled.join().keyers().get(Integer.parseInt(stage.substring(io.streamsql.persistence.aggregate.AggregateProcessors.JOIN_SIDE.length())));
      }
      return compiled.aggregation().newPartition().get();
    };
    io.streamsql.persistence.aggregate.AggregatePartitionEntity.Settings aggregateSnapshots =
        new io.streamsql.persistence.aggregate.AggregatePartitionEntity.Settings(
            settings.tableSnapshots().chunkBytes(), settings.tableSnapshots().minChanges());
    sharding.init(Entity.of(io.streamsql.persistence.aggregate.AggregatePartitionEntity.TYPE_KEY, ctx ->
        io.streamsql.persistence.aggregate.AggregatePartitionEntity.create(ctx.getEntityId(), aggregateProcessors, aggregateSnapshots, chunks)));
    var push = new io.streamsql.cluster.sql.query.PushQueries(system, streams, tables, reader);
    this.sql = new SqlEngine(sharding, streams, tables, config.getString("streamsql.sql.namespace"), push);
    this.aggregates = new io.streamsql.cluster.sql.MaterializedAggregates(sharding, streams);
    QueryMeters queryMeters = new QueryMeters(metrics.registry());
    this.queries = new io.streamsql.cluster.sql.query.QueryService(sql, push, pullQueries(sql), queryMeters);
    sharding.init(Entity.of(io.streamsql.persistence.pipeline.PipelineCatalogEntity.TYPE_KEY,
        ctx -> new io.streamsql.persistence.pipeline.PipelineCatalogEntity(ctx.getEntityId())));
    this.pipelines = new io.streamsql.cluster.pipelines.PipelineService(
        new io.streamsql.cluster.pipelines.PipelineCatalog(sharding, settings.askTimeout()),
        namespace -> new SqlEngine(sharding, streams, tables, namespace),
        engine -> new io.streamsql.cluster.sql.query.QueryService(engine, push, pullQueries(engine), queryMeters),
        system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.blocking()),
        config.getInt("streamsql.pipelines.default-partitions"), config.getDuration("streamsql.pipelines.stale-deployment"));
    this.egress = new io.streamsql.cluster.pipelines.PipelineEgress(streams, reader);
    sharding.init(Entity.of(io.streamsql.persistence.connector.FileTableCatalogEntity.TYPE_KEY,
        ctx -> new io.streamsql.persistence.connector.FileTableCatalogEntity(ctx.getEntityId())));
    this.files = new io.streamsql.cluster.connectors.files.FileConnectorService(system, sharding, settings.askTimeout(),
        streams, tables, appender, reader, config.getBytes("streamsql.connectors.files.max-record-bytes").intValue(),
        java.nio.file.Path.of(config.getString("streamsql.connectors.files.spool-dir")),
        config.getDuration("streamsql.connectors.files.upload-idle-timeout"), sql)
        .withLocalRoots(config.getStringList("streamsql.connectors.files.local-roots"));
    // After a restart, or when the node hosting a query leaves, the keeper starts it again: the
    // server's queries and those of every deployed pipeline program.
    io.streamsql.cluster.pipelines.PipelineService pipelineService = pipelines;
    ClusterSingleton.get(system).init(SingletonActor.of(QueryKeeper.create(sharding,
        () -> pipelineService.deployedNamespaces().handle((names, error) -> {
          java.util.List<String> all = new java.util.ArrayList<>();
          all.add("default");
          if (names != null) all.addAll(names);
          return all;
        }),
        () -> pipelineService.resumeStalledDeployments(),
        config.getDuration("streamsql.sql.keeper-interval"), settings.askTimeout()), "query-keeper"));

    this.kafkaConnectors = startKafkaConnectors(system, sharding, config);
    this.apiKeys = io.streamsql.cluster.security.ApiKeyCatalog.start(sharding, settings.askTimeout());

    ClusterSingleton.get(system).init(
        SingletonActor.of(RetentionSweeper.create(streams, settings.retentionCheckInterval()), "retention-sweeper"));

    if (metrics.enabled()) {
      ShardDistribution shards = new ShardDistribution(system, metrics.registry(), shardedTypes());
      metricsPolling = system.scheduler().scheduleWithFixedDelay(metrics.pollInterval(), metrics.pollInterval(), () -> {
        shards.poll();
        inputLag.poll();
      }, system.executionContext());
    }
  }

  /** Every sharded entity type, for the shard distribution metrics. */
  private static java.util.List<org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey<?>> shardedTypes() {
    return java.util.List.of(LogPartitionEntity.TYPE_KEY, StreamCatalogEntity.TYPE_KEY, TablePartitionEntity.TYPE_KEY,
        TableCatalogEntity.TYPE_KEY, SqlCatalogEntity.TYPE_KEY, QueryEntity.TYPE_KEY,
        io.streamsql.persistence.aggregate.AggregatePartitionEntity.TYPE_KEY,
        io.streamsql.persistence.pipeline.PipelineCatalogEntity.TYPE_KEY,
        io.streamsql.persistence.connector.FileTableCatalogEntity.TYPE_KEY,
        io.streamsql.persistence.connector.KafkaConnectorCatalogEntity.TYPE_KEY,
        io.streamsql.persistence.connector.KafkaSourcePartitionEntity.TYPE_KEY,
        io.streamsql.persistence.connector.KafkaSinkCatalogEntity.TYPE_KEY,
        io.streamsql.cluster.connectors.kafka.KafkaSinkPartitionActor.TYPE_KEY);
  }

  /** This node's meters (its own registry: nodes sharing a JVM report apart). */
  public NodeMetrics metrics() {
    return metrics;
  }

  /**
   * Kafka source connectors: the catalog, one entity per topic partition (each owns its consumer)
   * and the keeper singleton that restarts them after a restart of the node.
   */
  private io.streamsql.cluster.connectors.kafka.KafkaConnectorService startKafkaConnectors(
      ActorSystem<Void> system, ClusterSharding sharding, Config config) {
    var kafka = io.streamsql.cluster.connectors.kafka.KafkaSourceSettings.from(config.getConfig("streamsql"));
    var ingestion = new io.streamsql.cluster.connectors.kafka.KafkaIngestionRunner(system, streams, kafka);
    sharding.init(Entity.of(io.streamsql.persistence.connector.KafkaConnectorCatalogEntity.TYPE_KEY,
        ctx -> new io.streamsql.persistence.connector.KafkaConnectorCatalogEntity(ctx.getEntityId())));
    sharding.init(Entity.of(io.streamsql.persistence.connector.KafkaSourcePartitionEntity.TYPE_KEY,
        ctx -> io.streamsql.persistence.connector.KafkaSourcePartitionEntity.create(ctx.getEntityId(), ingestion, kafka.restartDelay(),
            ctx.getShard())));
    ClusterSingleton.get(system).init(SingletonActor.of(io.streamsql.cluster.connectors.kafka.KafkaConnectorKeeper.create(
        sharding, settings.pipeline(), kafka.keeperInterval(), settings.askTimeout()), "kafka-connector-keeper"));
    var blocking = system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.blocking());
    var topics = new io.streamsql.cluster.connectors.kafka.KafkaTopics(kafka.adminTimeout(), blocking);
    var exporter = io.streamsql.cluster.connectors.kafka.KafkaSinkPartitionActor.exporter(system, streams, reader, kafka, blocking);
    sharding.init(Entity.of(io.streamsql.persistence.connector.KafkaSinkCatalogEntity.TYPE_KEY,
        ctx -> new io.streamsql.persistence.connector.KafkaSinkCatalogEntity(ctx.getEntityId())));
    sharding.init(Entity.of(io.streamsql.cluster.connectors.kafka.KafkaSinkPartitionActor.TYPE_KEY,
        ctx -> io.streamsql.cluster.connectors.kafka.KafkaSinkPartitionActor.create(exporter, kafka.restartDelay())));
    this.kafkaSinks = new io.streamsql.cluster.connectors.kafka.KafkaSinkService(system, streams, topics);
    return new io.streamsql.cluster.connectors.kafka.KafkaConnectorService(system, streams, topics);
  }

  /** The API keys of the cluster (used when security is enabled). */
  public io.streamsql.cluster.security.ApiKeyCatalog apiKeys() {
    return apiKeys;
  }

  /** Kafka sink connectors ({@code /v1/connectors/kafka-sinks}). */
  public io.streamsql.cluster.connectors.kafka.KafkaSinkService kafkaSinks() {
    return kafkaSinks;
  }

  /** Kafka source connectors ({@code /v1/connectors/kafka}). */
  public io.streamsql.cluster.connectors.kafka.KafkaConnectorService kafkaConnectors() {
    return kafkaConnectors;
  }

  /** Starts a node with the given configuration (which must include the module defaults). */
  public static StreamSqlNode start(Config config) {
    CommonPool.ensureParallel();
    // Loads the function libraries on the classpath now, so a name clash stops start-up with its message.
    FunctionRegistry functions = FunctionRegistry.standard();
    var aggregates = io.streamsql.core.sql.fn.AggregateRegistry.standard();
    LoggerFactory.getLogger(StreamSqlNode.class).info("{} scalar, {} table and {} aggregate functions", functions.all().size(),
        functions.tableFunctions().size(), aggregates.all().size());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), config.getString("streamsql.cluster-name"), config);
    try {
      return new StreamSqlNode(system);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  private static <T> T await(CompletionStage<T> stage, Duration timeout, String what) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Failed " + what + ": " + e.getMessage(), e);
    }
  }

  /** Ready when this node is an Up cluster member, Cassandra answers and the catalog replies. */
  public CompletionStage<Boolean> isReady() {
    boolean up = Cluster.get(system).selfMember().status().equals(MemberStatus.up());
    if (!up || !journal.isHealthy()) return java.util.concurrent.CompletableFuture.completedFuture(false);
    return streams.list().handle((list, error) -> error == null);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public StreamSqlSettings settings() {
    return settings;
  }

  public StreamService streams() {
    return streams;
  }

  public StreamAppender appender() {
    return appender;
  }

  /** The one way to write records to a log. */
  public LogWriter logWriter() {
    return logWriter;
  }

  public TableService tables() {
    return tables;
  }

  /** The SQL engine of the server's namespace. */
  /** Push and pull queries (the query endpoints). */
  public io.streamsql.cluster.sql.query.QueryService queries() {
    return queries;
  }

  public SqlEngine sql() {
    return sql;
  }

  /** Pull queries of one namespace's sources, answered from this node. */
  private io.streamsql.cluster.sql.query.PullQueries pullQueries(SqlEngine engine) {
    return new io.streamsql.cluster.sql.query.PullQueries(engine, aggregates, streams, tables, reader, settings.streamDefinitionCacheTtl());
  }

  /** Push and pull queries over the sources of one namespace (tests and tools; see {@link #sql(String)}). */
  public io.streamsql.cluster.sql.query.QueryService queries(String namespace) {
    SqlEngine engine = sql(namespace);
    return new io.streamsql.cluster.sql.query.QueryService(engine, queries.push(), pullQueries(engine));
  }

  /** A SQL engine over its own namespace of sources, topics and queries (tests and tools). */
  public SqlEngine sql(String namespace) {
    return new SqlEngine(ClusterSharding.get(system), streams, tables, namespace);
  }

  /** Feldera-style pipelines ({@code /v0/pipelines}). */
  public io.streamsql.cluster.connectors.files.FileConnectorService files() {
    return files;
  }

  public io.streamsql.cluster.pipelines.PipelineService pipelines() {
    return pipelines;
  }

  /** The changes of pipeline views, for egress. */
  public io.streamsql.cluster.pipelines.PipelineEgress pipelineEgress() {
    return egress;
  }

  public ProcessingLogWriter processingLog() {
    return processingLog;
  }

  /** Lookups and scans of aggregations' materialized results. */
  public io.streamsql.cluster.sql.MaterializedAggregates aggregates() {
    return aggregates;
  }

  public LogReader reader() {
    return reader;
  }

  public JournalHealth journal() {
    return journal;
  }

  @Override
  public void close() {
    if (metricsPolling != null) metricsPolling.cancel();
    journal.close();
    system.terminate();
    await(system.getWhenTerminated(), Duration.ofSeconds(60), "stopping the actor system");
    metrics.close();
  }

  public CompletionStage<Done> whenTerminated() {
    return system.getWhenTerminated();
  }
}

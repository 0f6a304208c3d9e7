package io.streamsql.cluster.tables;

import io.streamsql.cluster.DefinitionCache;
import io.streamsql.cluster.EntityAsks;
import io.streamsql.cluster.StreamSqlSettings;
import io.streamsql.cluster.journal.JournalHealth;
import io.streamsql.cluster.streams.AppendSummary;
import io.streamsql.cluster.streams.AppendTarget;
import io.streamsql.cluster.streams.StreamAppender;
import io.streamsql.cluster.streams.WriteQueues;
import io.streamsql.cluster.streams.UploadItem;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.Partitioner;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.core.log.StreamName;
import io.streamsql.persistence.log.LogPartitionEntity;
import io.streamsql.persistence.table.TableCatalogEntity;
import io.streamsql.persistence.table.TableDefinition;
import io.streamsql.persistence.table.TablePartitionEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Keyed tables: the catalog side (create, describe, delete, versions) and the row side (upsert
 * uploads, get, delete, scan). Dynamic tables take writes; immutable ones are read by version.
 */
public final class TableService {
  private static final int SCAN_PAGE = 1000;

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final StreamSqlSettings settings;
  private final JournalHealth journal;
  private final StreamAppender appender;
  private final WriteQueues queues;
  private final BiConsumer<String, Boolean> deleteAllEvents;
  private final DefinitionCache<TableDefinition> cache;
  private final io.streamsql.persistence.table.ChunkStore chunks;

  public TableService(
      ActorSystem<?> system, StreamSqlSettings settings, JournalHealth journal, StreamAppender appender, WriteQueues queues,
      BiConsumer<String, Boolean> deleteAllEvents, io.streamsql.persistence.table.ChunkStore chunks) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.settings = settings;
    this.journal = journal;
    this.appender = appender;
    this.queues = queues;
    this.deleteAllEvents = deleteAllEvents;
    this.cache = new DefinitionCache<>(settings.tableDefinitionCacheTtl(), TableDefinition::name);
    this.chunks = chunks;
  }

  /** What a create asks for. {@code data} (optional) loads an immutable table's first version. */
  public record TableSpec(String name, String primaryKey, Integer partitions, boolean immutable, Integer version) {}

  private EntityRef<TableCatalogEntity.Command> catalog() {
    return sharding.entityRefFor(TableCatalogEntity.TYPE_KEY, settings.pipeline());
  }

  private EntityRef<TablePartitionEntity.Command> partition(TableDefinition def, int partition) {
    return sharding.entityRefFor(TablePartitionEntity.TYPE_KEY, def.partitionEntityId(partition));
  }

  private int partitionOf(TableDefinition def, String keyJson) {
    return Partitioner.partitionForKey(keyJson, def.partitions());
  }

  // ---------------------------------------------------------------- catalog

  public CompletionStage<TableDefinition> create(TableSpec spec) {
    StreamName.validate("table", spec.name());
    if (spec.primaryKey() == null || spec.primaryKey().isBlank()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'primary_key' (the name of the key field) is required");
    }
    int n = spec.partitions() == null ? settings.defaultPartitions() : spec.partitions();
    if (n < 1 || n > settings.maxPartitions()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
          "partitions must be between 1 and " + settings.maxPartitions() + ", got " + n, Map.of("partitions", n));
    }
    if (spec.version() != null && !spec.immutable()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
          "Dynamic tables cannot be versioned: give \"immutable\": true with a version, or seal the table later");
    }
    journal.requireHealthy();
    long now = System.currentTimeMillis();
    return catalog()
        .<StatusReply<TableDefinition>>ask(r -> new TableCatalogEntity.CreateTable(spec.name(), spec.primaryKey(), n, spec.immutable(), now, r),
            settings.askTimeout())
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Creating table '" + spec.name() + "'");
          if (reply.isError()) {
            throw new StreamSqlException(ErrorCode.TABLE_ALREADY_EXISTS, reply.getError().getMessage(), Map.of("name", spec.name()));
          }
          return reply.getValue();
        });
  }

  public CompletionStage<List<TableDefinition>> list() {
    journal.requireHealthy();
    return catalog().<TableCatalogEntity.TableList>ask(TableCatalogEntity.ListTables::new, settings.askTimeout())
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Listing tables");
          return reply.tables();
        });
  }

  /**
   * The definition for a point read: from this node's short-lived cache when fresh (see
   * {@code streamsql.tables.definition-cache-ttl}), else from the catalog.
   */
  public CompletionStage<TableDefinition> getForRead(String name) {
    return cache.get(name, this::get);
  }

  public CompletionStage<TableDefinition> get(String name) {
    journal.requireHealthy();
    return catalog().<TableCatalogEntity.TableLookup>ask(r -> new TableCatalogEntity.GetTable(name, r), settings.askTimeout())
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Looking up table '" + name + "'");
          TableDefinition def = reply.asOptional().orElseThrow(() -> notFound(name));
          cache.put(def);
          return def;
        });
  }

  public CompletionStage<TableDescription> describe(String name) {
    return get(name).thenCompose(def -> {
      List<CompletableFuture<TablePartitionEntity.TablePartitionInfo>> asks = new ArrayList<>();
      for (int p = 0; p < def.partitions(); p++) {
        asks.add(partition(def, p).<TablePartitionEntity.TablePartitionInfo>ask(TablePartitionEntity.GetTableInfo::new, settings.askTimeout())
            .toCompletableFuture());
      }
      return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).handle((ok, failure) -> {
        if (failure != null) throw EntityAsks.translate(failure, "Reading the partitions of table '" + name + "'");
        return new TableDescription(def, asks.stream().map(CompletableFuture::join).toList());
      });
    });
  }

  public CompletionStage<TableDefinition> delete(String name) {
    journal.requireHealthy();
    return catalog().<StatusReply<TableDefinition>>ask(r -> new TableCatalogEntity.DeleteTable(name, r), settings.askTimeout())
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Deleting table '" + name + "'");
          if (reply.isError()) throw notFound(name);
          TableDefinition def = reply.getValue();
          cache.remove(name);
          for (int p = 0; p < def.partitions(); p++) {
            String pid = TablePartitionEntity.persistenceId(def.partitionEntityId(p)).id();
            deleteAllEvents.accept(pid, true);
            chunks.deleteAll(pid).whenComplete((done, error) -> {
              if (error != null) system.log().warn("Could not delete the snapshot chunks of {}: {}", pid, error.toString());
            });
          }
          return def;
        });
  }

  /** The table's changelog (every upsert and tombstone, per partition) as a log to read. */
  public io.streamsql.cluster.streams.LogReader.LogSource changelog(TableDefinition def) {
    return new io.streamsql.cluster.streams.LogReader.LogSource(def.partitions(),
        p -> TablePartitionEntity.persistenceId(def.partitionEntityId(p)).id(),
        () -> describe(def.name()).thenApply(d -> d.partitions().stream().map(TablePartitionEntity.TablePartitionInfo::changelog).toList()));
  }

  // ---------------------------------------------------------------- rows

  /** A sink target for uploads of rows into a dynamic table; refused at once for immutable tables. */
  public AppendTarget rowsTarget(TableDefinition def) {
    requireDynamic(def);
    return target(def, (p, batch) -> partition(def, p).<StatusReply<LogPartitionEntity.Appended>>ask(
        r -> new TablePartitionEntity.Write(batch, r), settings.askTimeout()), true);
  }

  private AppendTarget target(
      TableDefinition def, java.util.function.BiFunction<Integer, List<StoredRecord>, CompletionStage<StatusReply<LogPartitionEntity.Appended>>> ask,
      boolean queued) {
    return new AppendTarget() {
      public String describe() {
        return "table '" + def.name() + "'";
      }

      public int partitions() {
        return def.partitions();
      }

      public String requiredKeyField() {
        return def.primaryKey();
      }

      public CompletionStage<LogPartitionEntity.Appended> append(int p, List<StoredRecord> records) {
        Function<List<StoredRecord>, CompletionStage<StatusReply<LogPartitionEntity.Appended>>> send =
            batch -> ask.apply(p, batch).thenApply(reply -> {
              if (reply.isError()) throw immutable(def);
              return reply;
            });
        if (!queued) return send.apply(records).thenApply(StatusReply::getValue);
        // Table writes are not retried (a repeated upsert could undo a newer one), so no mark.
        return queues.append(def.partitionEntityId(p), (batch, mark) -> send.apply(batch), records);
      }
    };
  }

  public CompletionStage<Optional<byte[]>> getRow(TableDefinition def, String keyJson, Integer version) {
    int v = readableVersion(def, version);
    return partition(def, partitionOf(def, keyJson))
        .<TablePartitionEntity.RowValue>ask(r -> new TablePartitionEntity.GetRow(keyJson, v, r), settings.askTimeout())
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Reading table '" + def.name() + "'");
          return Optional.ofNullable(reply.value());
        });
  }

  /** Deletes a row of a dynamic table (a tombstone in the changelog). */
  public CompletionStage<Done> deleteRow(TableDefinition def, String keyJson) {
    AppendTarget target = rowsTarget(def);
    StoredRecord tombstone = new StoredRecord(keyJson, null, System.currentTimeMillis(), Map.of());
    return target.append(partitionOf(def, keyJson), List.of(tombstone))
        .handle((ok, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Deleting a row of table '" + def.name() + "'");
          return Done.getInstance();
        });
  }

  /** Every row of the table (or version), partition after partition, in key order, a page at a time. */
  public Source<TablePartitionEntity.Row, NotUsed> scan(TableDefinition def, Integer version) {
    int v = readableVersion(def, version);
    return Source.range(0, def.partitions() - 1).flatMapConcat(p -> scanPartition(def, v, p));
  }

  /** The rows of one partition of a readable version (as {@link #scan} resolves it), in key order, a page at a time. */
  public Source<TablePartitionEntity.Row, NotUsed> scanPartition(TableDefinition def, int v, int p) {
    return Source.unfoldAsync(Optional.of(Optional.<String>empty()), cursor -> {
      if (cursor.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
      String after = cursor.get().orElse(null);
      return partition(def, p)
          .<TablePartitionEntity.RowPage>ask(r -> new TablePartitionEntity.ScanRows(v, after, SCAN_PAGE, r), settings.askTimeout())
          .thenApply(page -> {
            Optional<Optional<String>> next = page.more() && !page.rows().isEmpty()
                ? Optional.of(Optional.of(page.rows().get(page.rows().size() - 1).keyJson()))
                : Optional.empty();
            return Optional.of(Pair.create(next, page.rows()));
          });
    }).mapConcat(rows -> rows);
  }


  // ---------------------------------------------------------------- versions

  /** Seals a dynamic table's current content as {@code version}; the table becomes immutable. */
  public CompletionStage<TableDefinition> sealCurrent(String name, int version) {
    return begin(name, version, true)
        .thenCompose(def -> sealAll(def, version, null, true))
        .thenCompose(def -> commit(name, version));
  }

  /**
   * Loads {@code version} of an immutable table from rows; it becomes readable once every row is
   * persisted. Completes with the upload summary; on bad input the version stays unreadable and
   * a retry of the same version starts it afresh.
   */
  public CompletionStage<Pair<TableDefinition, AppendSummary>> loadVersion(
      String name, int version, Source<UploadItem, ?> rows) {
    String loadId = UUID.randomUUID().toString();
    return begin(name, version, false).thenCompose(def -> {
      AppendTarget staging = target(def, (p, batch) -> partition(def, p).<StatusReply<LogPartitionEntity.Appended>>ask(
          r -> new TablePartitionEntity.StageVersion(version, loadId, batch, r), settings.askTimeout()), false);
      return rows.runWith(appender.sink(staging), system).thenCompose(summary -> {
        if (summary.error() != null) return CompletableFuture.completedFuture(Pair.create(def, summary));
        return sealAll(def, version, loadId, false)
            .thenCompose(d -> commit(name, version))
            .thenApply(committed -> Pair.create(committed, summary));
      });
    });
  }

  private CompletionStage<TableDefinition> begin(String name, int version, boolean fromCurrent) {
    journal.requireHealthy();
    return catalog()
        .<StatusReply<TableDefinition>>ask(r -> new TableCatalogEntity.BeginVersion(name, version, fromCurrent, r), settings.askTimeout())
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Creating version " + version + " of table '" + name + "'");
          if (reply.isError()) {
            String message = reply.getError().getMessage();
            ErrorCode code = message.contains("does not exist") ? ErrorCode.TABLE_NOT_FOUND
                : message.contains("numbered") ? ErrorCode.INVALID_REQUEST
                : message.contains("dynamic and cannot be versioned") ? ErrorCode.INVALID_REQUEST
                : ErrorCode.VERSION_CONFLICT;
            throw new StreamSqlException(code, message, Map.of("table", name, "version", version));
          }
          return reply.getValue();
        });
  }

  private CompletionStage<TableDefinition> sealAll(TableDefinition def, int version, String loadId, boolean fromCurrent) {
    List<CompletableFuture<StatusReply<Done>>> seals = new ArrayList<>();
    for (int p = 0; p < def.partitions(); p++) {
      seals.add(partition(def, p).<StatusReply<Done>>ask(
          r -> new TablePartitionEntity.SealVersion(version, loadId, fromCurrent, r), settings.askTimeout()).toCompletableFuture());
    }
    return CompletableFuture.allOf(seals.toArray(CompletableFuture[]::new)).handle((ok, failure) -> {
      if (failure != null) throw EntityAsks.translate(failure, "Sealing version " + version + " of table '" + def.name() + "'");
      for (var seal : seals) {
        if (seal.join().isError()) {
          throw new StreamSqlException(ErrorCode.VERSION_CONFLICT,
              "Version " + version + " of table '" + def.name() + "' was loaded again concurrently; this load was replaced",
              Map.of("table", def.name(), "version", version));
        }
      }
      return def;
    });
  }

  private CompletionStage<TableDefinition> commit(String name, int version) {
    return catalog()
        .<StatusReply<TableDefinition>>ask(r -> new TableCatalogEntity.CommitVersion(name, version, r), settings.askTimeout())
        .handle((reply, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Committing version " + version + " of table '" + name + "'");
          if (reply.isError()) throw new StreamSqlException(ErrorCode.VERSION_CONFLICT, reply.getError().getMessage());
          cache.put(reply.getValue());
          return reply.getValue();
        });
  }

  // ---------------------------------------------------------------- rules

  /** The version a read uses: 0 (current) for dynamic tables, the given or newest one otherwise. */
  private static int readableVersion(TableDefinition def, Integer version) {
    if (!def.immutable()) {
      if (version != null) {
        throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
            "Table '" + def.name() + "' is dynamic: dynamic tables are not versioned, read it without 'version'",
            Map.of("table", def.name()));
      }
      return 0;
    }
    if (def.versions().isEmpty()) {
      throw new StreamSqlException(ErrorCode.VERSION_NOT_FOUND,
          "Table '" + def.name() + "' has no version yet", Map.of("table", def.name()));
    }
    if (version == null) return def.latestVersion();
    if (!def.versions().contains(version)) {
      throw new StreamSqlException(ErrorCode.VERSION_NOT_FOUND,
          "Table '" + def.name() + "' has no version " + version + "; it has " + def.versions(),
          Map.of("table", def.name(), "version", version, "versions", def.versions()));
    }
    return version;
  }

  private static void requireDynamic(TableDefinition def) {
    if (def.immutable()) throw immutable(def);
  }

  private static StreamSqlException immutable(TableDefinition def) {
    return new StreamSqlException(ErrorCode.TABLE_IMMUTABLE,
        "Table '" + def.name() + "' is immutable (sealed versions " + def.versions()
            + "): its rows cannot change; create a new version instead",
        Map.of("table", def.name(), "versions", def.versions()));
  }

  static StreamSqlException notFound(String name) {
    return new StreamSqlException(ErrorCode.TABLE_NOT_FOUND, "Table '" + name + "' does not exist", Map.of("name", name));
  }
}

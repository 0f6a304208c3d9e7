package io.streamsql.cluster.connectors.files;

import io.streamsql.cluster.streams.AppendSummary;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.cluster.streams.StreamAppender;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.cluster.streams.UploadItem;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Column;
import io.streamsql.persistence.connector.FileTableCatalogEntity.FileTable;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Kind;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Load;
import io.streamsql.persistence.table.TableDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The file connector: loads a CSV or Parquet file into a file table — a new version of an
 * immutable table when it has a primary key, more rows of a stream otherwise — and records the
 * load (columns, rows, bytes, parts) only after every row is persisted, so a failed load leaves
 * no version and no catalog entry behind.
 */
public final class FileConnectorService {
  /** Rows shown by {@link #describe}. */
  static final int SAMPLE_ROWS = 10;

  private final ActorSystem<?> system;
  private final StreamService streams;
  private final TableService tables;
  private final StreamAppender appender;
  private final LogReader reader;
  private final FileTableCatalog catalog;
  private final int maxRecordBytes;
  private final java.nio.file.Path spoolDir;
  private final MultipartUploads uploads;
  private final io.streamsql.cluster.sql.SqlEngine engine;
  private final java.util.concurrent.Executor blocking;
  private List<java.nio.file.Path> localRoots = List.of();

  public FileConnectorService(ActorSystem<?> system, ClusterSharding sharding, Duration askTimeout, StreamService streams,
      TableService tables, StreamAppender appender, LogReader reader, int maxRecordBytes, java.nio.file.Path spoolDir,
      Duration uploadIdleTimeout, io.streamsql.cluster.sql.SqlEngine engine) {
    this.system = system;
    this.streams = streams;
    this.tables = tables;
    this.appender = appender;
    this.reader = reader;
    this.catalog = new FileTableCatalog(sharding, askTimeout);
    this.maxRecordBytes = maxRecordBytes;
    this.spoolDir = spoolDir;
    this.engine = engine;
    this.blocking = system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.blocking());
    this.uploads = new MultipartUploads(system, spoolDir, uploadIdleTimeout);
  }

  /** Restricts the local files the server reads to these directories (none: any). */
  public FileConnectorService withLocalRoots(List<String> roots) {
    this.localRoots = roots.stream().map(r -> java.nio.file.Path.of(r).toAbsolutePath().normalize()).toList();
    return this;
  }

  /** Multi-part uploads in progress on this node. */
  public MultipartUploads uploads() {
    return uploads;
  }

  /** Loads the parts of a multi-part upload as one file. */
  public CompletionStage<Loaded> completeUpload(String name, String uploadId) {
    return uploads.complete(name, uploadId, this::loadLocalFile);
  }

  /** A completed load: the file table, and the SQL source declared for it (on its first load). */
  public record Loaded(FileTable table, String sqlStatement, String sqlSource, String sqlError) {}

  /** A file table with the first rows of its newest content. */
  public record FileTableView(FileTable table, List<byte[]> sample) {}

  // ---------------------------------------------------------------- loading

  /**
   * Loads a file streamed in (an upload body); {@code size} is -1 when unknown. CSV is read as it
   * arrives; Parquet is spooled to this node's disk first (its footer, at the end, says where the
   * row groups are), read, and the spool file deleted.
   */
  public CompletionStage<Loaded> load(FileLoadRequest req, long size, Source<ByteString, ?> bytes) {
    req.checkSize(size);
    if (req.fileType() == FileType.CSV) return loadCsv(req, size, bytes);
    java.nio.file.Path spool;
    try {
      java.nio.file.Files.createDirectories(spoolDir);
      spool = java.nio.file.Files.createTempFile(spoolDir, "upload-", ".parquet");
    } catch (java.io.IOException e) {
      throw new StreamSqlException(ErrorCode.INTERNAL_ERROR, "Cannot spool the upload in " + spoolDir + ": " + e.getMessage(), Map.of());
    }
    java.nio.file.Path file = spool;
    return bytes.runWith(org.apache.pekko.stream.javadsl.FileIO.toPath(file), system)
        .thenCompose(written -> loadLocalFile(req, file))
        .whenComplete((t, failure) -> deleteQuietly(file));
  }

  private void deleteQuietly(java.nio.file.Path file) {
    try {
      java.nio.file.Files.deleteIfExists(file);
    } catch (java.io.IOException e) {
      system.log().warn("Could not delete the spool file {}: {}", file, e.toString());
    }
  }

  /**
   * Loads a file the server reads itself: a local path or {@code file://} URL, {@code http(s)://}
   * or {@code hdfs://}. The size is asked first (blocking I/O, off the actor threads), so a file
   * over 1 GB with {@code auto_partition=false} is refused before anything is read.
   */
  public CompletionStage<Loaded> loadPath(FileLoadRequest req, String path) {
    return CompletableFuture.supplyAsync(() -> {
      FileLocation location = FileLocation.parse(path);
      requireAllowed(location);
      return Pair.create(location, location.size());
    }, blocking).thenCompose(located -> {
      FileLocation location = located.first();
      long size = located.second();
      req.checkSize(size);
      if (req.fileType() == FileType.CSV) {
        return loadCsv(req, size, org.apache.pekko.stream.javadsl.StreamConverters.fromInputStream(location::open, 64 * 1024));
      }
      return load(req, size, new ParquetFileRows(() -> location.parquetInput(spoolDir), path, req.primaryKey()));
    });
  }

  /** A local file must lie under one of {@code streamsql.connectors.files.local-roots} when any are configured. */
  private void requireAllowed(FileLocation location) {
    if (!(location instanceof LocalFileLocation local) || localRoots.isEmpty()) return;
    java.nio.file.Path file = local.file().toAbsolutePath().normalize();
    if (localRoots.stream().noneMatch(file::startsWith)) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "The server reads local files only under " + localRoots
          + " (streamsql.connectors.files.local-roots); " + location.path() + " is not", Map.of("path", location.path()));
    }
  }

  /** Loads a CSV file streamed in (an upload body); {@code size} is -1 when unknown. */
  public CompletionStage<Loaded> loadCsv(FileLoadRequest req, long size, Source<ByteString, ?> bytes) {
    req.checkSize(size);
    return load(req, size, new CsvFileRows(bytes, req.columns(), req.primaryKey(), maxRecordBytes));
  }

  /** Loads a file on this node's disk. */
  public CompletionStage<Loaded> loadLocalFile(FileLoadRequest req, java.nio.file.Path file) {
    long size;
    try {
      size = java.nio.file.Files.size(file);
    } catch (java.io.IOException e) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Cannot read " + file + ": " + e.getMessage(), Map.of());
    }
    return switch (req.fileType()) {
      case CSV -> loadCsv(req, size, org.apache.pekko.stream.javadsl.FileIO.fromPath(file));
      case PARQUET -> load(req, size, new ParquetFileRows(
          () -> CloseableInputFile.inPlace(new org.apache.parquet.io.LocalInputFile(file)), req.source(), req.primaryKey()));
    };
  }

  private CompletionStage<Loaded> load(FileLoadRequest req, long size, FileRows rows) {
    Kind kind = req.primaryKey() == null ? Kind.STREAM : Kind.IMMUTABLE_TABLE;
    return catalog.find(req.name()).thenCompose(existing -> {
      existing.ifPresent(t -> requireCompatible(t, req, kind));
      PartCounter parts = new PartCounter(size < 0 ? Long.MAX_VALUE : req.partBytes(size), req);
      Source<UploadItem, NotUsed> items = rows.items(parts);
      CompletionStage<Pair<Integer, AppendSummary>> written = kind == Kind.STREAM
          ? toStream(req, existing.map(t -> t.loads().size()).orElse(0) + 1, items)
          : toTable(req, items);
      return written.thenCompose(numberAndSummary -> {
        AppendSummary summary = numberAndSummary.second();
        if (summary.error() != null) throw summary.error();
        List<Column> columns = new ArrayList<>();
        rows.columns().forEach((name, type) -> columns.add(new Column(name, type)));
        Load load = new Load(numberAndSummary.first(), columns, summary.records(), parts.totalBytes(), parts.parts(), req.source(),
            System.currentTimeMillis());
        return catalog.record(req, kind, load).thenCompose(this::declareSqlSource);
      });
    });
  }

  private CompletionStage<Loaded> declareSqlSource(FileTable table) {
    return CompletableFuture.supplyAsync(() -> {
      FileTableSqlSource.Outcome sql = FileTableSqlSource.declare(engine, table);
      return new Loaded(table, sql.statement(), sql.source(), sql.error());
    }, blocking);
  }

  private static void requireCompatible(FileTable existing, FileLoadRequest req, Kind kind) {
    if (!existing.fileType().equals(req.fileType().wireName())) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "File table '" + req.name() + "' holds " + existing.fileType()
          + " files; this file is " + req.fileType().wireName(), Map.of("file_type", existing.fileType()));
    }
    if (existing.kind() != kind) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "File table '" + req.name() + "' "
          + (existing.kind() == Kind.STREAM ? "has no primary key (its rows are a stream); upload without 'primary_key'"
              : "has the primary key '" + existing.primaryKey() + "'; give the same 'primary_key'"),
          Map.of("name", req.name()));
    }
    if (kind == Kind.IMMUTABLE_TABLE && !existing.primaryKey().equals(req.primaryKey())) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "File table '" + req.name() + "' has the primary key '"
          + existing.primaryKey() + "', not '" + req.primaryKey() + "'", Map.of("primary_key", existing.primaryKey()));
    }
  }

  private CompletionStage<Pair<Integer, AppendSummary>> toTable(FileLoadRequest req, Source<UploadItem, NotUsed> items) {
    return immutableTable(req).thenCompose(table -> {
      TableDefinition def = table.first();
      int version = req.version() != null ? req.version() : def.latestVersion() + 1;
      return tables.loadVersion(req.name(), version, items)
          .thenApply(p -> Pair.create(version, p.second()))
          .whenComplete((result, failure) -> {
            // The table was made for this file: a failed first load must not leave it behind.
            if (table.second() && (failure != null || result.second().error() != null)) tables.delete(req.name());
          });
    });
  }

  /** The immutable table of the file table, and whether this load created it. */
  private CompletionStage<Pair<TableDefinition, Boolean>> immutableTable(FileLoadRequest req) {
    return orNotFound(tables.get(req.name()), ErrorCode.TABLE_NOT_FOUND).thenCompose(found -> {
      if (found.isPresent()) {
        TableDefinition def = found.get();
        if (!def.immutable() || !def.primaryKey().equals(req.primaryKey())) {
          throw new StreamSqlException(ErrorCode.TABLE_ALREADY_EXISTS, "Table '" + req.name() + "' already exists as a "
              + (def.immutable() ? "table keyed by '" + def.primaryKey() + "'" : "dynamic table")
              + "; a file with primary key '" + req.primaryKey() + "' cannot become a version of it", Map.of("name", req.name()));
        }
        return CompletableFuture.completedFuture(Pair.create(def, false));
      }
      return tables.create(new TableService.TableSpec(req.name(), req.primaryKey(), req.partitions(), true, null))
          .thenApply(def -> Pair.create(def, true));
    });
  }

  /**
   * Appends the rows to the file table's stream. A stream created for this file is deleted again
   * when the load fails; rows appended to an existing stream before a bad row stay (as with any
   * stream upload), and the load is not recorded.
   */
  private CompletionStage<Pair<Integer, AppendSummary>> toStream(FileLoadRequest req, int loadNumber, Source<UploadItem, NotUsed> items) {
    return orNotFound(streams.get(req.name()), ErrorCode.STREAM_NOT_FOUND)
        .thenCompose(found -> found.map(def -> CompletableFuture.completedFuture(Pair.create(def, false)))
            .orElseGet(() -> streams.create(req.name(), req.partitions(), null).thenApply(def -> Pair.create(def, true)).toCompletableFuture()))
        .thenCompose(stream -> items.runWith(appender.sink(stream.first()), system).whenComplete((summary, failure) -> {
          if (stream.second() && (failure != null || summary.error() != null)) streams.delete(req.name());
        }))
        .thenApply(summary -> Pair.create(loadNumber, summary));
  }

  /** Empty when the stage fails with {@code code}; its value otherwise. */
  private static <T> CompletionStage<Optional<T>> orNotFound(CompletionStage<T> stage, ErrorCode code) {
    return stage.handle((value, failure) -> {
      if (failure == null) return Optional.of(value);
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (cause instanceof StreamSqlException e && e.code() == code) return Optional.<T>empty();
      throw failure instanceof CompletionException c ? c : new CompletionException(failure);
    });
  }

  // ---------------------------------------------------------------- reading and deleting

  /** The names of the file tables, of one file type when {@code fileType} is given. */
  public CompletionStage<List<String>> names(FileType fileType) {
    return catalog.all().thenApply(all -> all.stream()
        .filter(t -> fileType == null || t.fileType().equals(fileType.wireName()))
        .map(FileTable::name).toList());
  }

  public CompletionStage<List<FileTable>> all() {
    return catalog.all();
  }

  /** The file table with a sample of its rows (the newest version of a table; the first rows of a stream). */
  public CompletionStage<FileTableView> describe(String name) {
    return catalog.get(name).thenCompose(table -> sample(table).thenApply(rows -> new FileTableView(table, rows)));
  }

  private CompletionStage<List<byte[]>> sample(FileTable table) {
    if (table.kind() == Kind.STREAM) {
      return streams.get(table.name()).thenCompose(def -> reader.read(def, null, new ReadPosition.Earliest(), false)
          .take(SAMPLE_ROWS).map(e -> e.record().value()).runWith(Sink.seq(), system));
    }
    return tables.getForRead(table.name()).thenCompose(def -> tables.scan(def, null)
        .take(SAMPLE_ROWS).map(r -> r.value()).runWith(Sink.seq(), system));
  }

  /**
   * Deletes the file table and the table or stream holding its rows. {@code fileType}, when
   * given, must be the table's (Kumo's {@code delete(name, file_type)}).
   */
  public CompletionStage<FileTable> delete(String name, FileType fileType) {
    return catalog.get(name).thenCompose(table -> {
      if (fileType != null && !table.fileType().equals(fileType.wireName())) {
        throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "File table '" + name + "' holds " + table.fileType()
            + " files, not " + fileType.wireName(), Map.of("file_type", table.fileType()));
      }
      // The SQL source goes first: a source that queries still read keeps the whole file table.
      CompletionStage<?> storage = CompletableFuture.supplyAsync(() -> FileTableSqlSource.drop(engine, table), blocking).thenCompose(sqlError -> {
        if (sqlError != null) {
          throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "File table '" + name + "' is still used in SQL: " + sqlError, Map.of("name", name));
        }
        if (table.kind() == Kind.STREAM) return orNotFound(streams.delete(name), ErrorCode.STREAM_NOT_FOUND).thenApply(gone -> true);
        return orNotFound(tables.delete(name), ErrorCode.TABLE_NOT_FOUND).thenApply(gone -> true);
      });
      return storage.thenCompose(gone -> catalog.delete(name));
    });
  }
}

package io.streamsql.http.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.streams.UploadItem;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.EventFormat;
import io.streamsql.core.format.Json;
import io.streamsql.core.format.RowKeys;
import io.streamsql.http.JsonResponses;
import io.streamsql.http.RouteSupport;
import io.streamsql.http.streams.StreamEventsRoute;
import io.streamsql.http.streams.StreamJson;
import io.streamsql.http.streams.LogReads;
import io.streamsql.http.streams.UploadHandler;
import io.streamsql.http.streams.UploadParsing;
import io.streamsql.persistence.table.TableDefinition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** {@code /v1/tables}: dynamic and immutable versioned keyed tables, their rows and versions. */
public final class TablesRoute extends RouteSupport {
  private static final Set<String> CREATE_FIELDS = Set.of("name", "primary_key", "partitions", "immutable", "version", "data");
  private static final Set<String> VERSION_FIELDS = Set.of("version", "data");
  /** Inline JSON bodies (create with data, versions with data) are read whole; bigger data streams via ?version=. */
  private static final long MAX_INLINE_BODY = 64L << 20;

  private final StreamSqlNode node;
  private final TableService tables;
  private final int maxRecordBytes;
  private final long maxBodyBytes;
  private final UploadHandler uploads;
  private final LogReads reads;

  public TablesRoute(StreamSqlNode node, Config http) {
    this.node = node;
    this.tables = node.tables();
    this.maxRecordBytes = (int) http.getBytes("max-record-bytes").longValue();
    this.maxBodyBytes = http.getBytes("max-body-bytes");
    this.uploads = new UploadHandler(maxRecordBytes, maxBodyBytes);
    this.reads = new LogReads(node, http);
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("tables", () -> concat(
        pathEndOrSingleSlash(this::tablesRoute),
        pathPrefix(PathMatchers.segment(), name -> concat(
            pathEndOrSingleSlash(() -> tableRoute(name)),
            pathPrefix("rows", () -> rowsRoute(name)),
            path("versions", () -> versionsRoute(name)),
            path("changes", () -> changesRoute(name)))))));
  }

  /** The table's changelog, read like a stream. */
  private Route changesRoute(String name) {
    return get(() -> parameterOptional("from", from -> parameterOptional("partition", partition ->
        parameterOptional("limit", limit -> parameterOptional("follow", follow ->
            completeWithFuture(reads.read("The changelog of table '" + name + "'",
                () -> tables.get(name).thenApply(tables::changelog), from, partition, limit, follow)))))));
  }

  private Route tablesRoute() {
    return concat(
        post(() -> withSizeLimit(MAX_INLINE_BODY, () -> entity(Unmarshaller.entityToString(), body -> respond(() -> create(body))))),
        get(() -> respond(() -> tables.list().thenApply(list ->
            JsonResponses.ok(Map.of("tables", list.stream().map(TableJson::definition).toList()))))));
  }

  private Route tableRoute(String name) {
    return concat(
        get(() -> respond(() -> tables.describe(name).thenApply(d -> JsonResponses.ok(TableJson.description(d))))),
        delete(() -> respond(() -> tables.delete(name).thenApply(def -> JsonResponses.ok(Map.of("deleted", TableJson.definition(def)))))));
  }

  private Route rowsRoute(String name) {
    return concat(
        pathEndOrSingleSlash(() -> concat(
            post(() -> parameterOptional("format", format -> extractRequestEntity(entity -> extractMaterializer(mat ->
                completeWithFuture(upsertRows(name, format, entity, mat)))))),
            get(() -> parameterOptional("version", version -> respond(() -> scan(name, version)))))),
        path(PathMatchers.segment(), key -> concat(
            get(() -> parameterOptional("version", version -> respond(() -> getRow(name, key, version)))),
            delete(() -> respond(() -> deleteRow(name, key))))));
  }

  private Route versionsRoute(String name) {
    return concat(
        get(() -> respond(() -> tables.get(name).thenApply(def -> JsonResponses.ok(TableJson.versions(def))))),
        post(() -> parameterOptional("version", version -> parameterOptional("format", format ->
            extractRequestEntity(entity -> extractMaterializer(mat -> respond(() -> version.isPresent()
                ? loadVersionFromBody(name, parseVersion(version.get()), format, entity, mat)
                : versionFromJson(name, entity, mat))))))));
  }

  private CompletionStage<HttpResponse> create(String body) {
    JsonNode json = jsonObject(body, CREATE_FIELDS,
        "{\"name\":\"users\",\"primary_key\":\"id\"} or {\"name\":\"users\",\"primary_key\":\"id\",\"immutable\":true,\"version\":1,\"data\":[...]}");
    JsonNode name = json.get("name");
    JsonNode key = json.get("primary_key");
    if (name == null || !name.isTextual()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'name' (a string) is required");
    if (key == null || !key.isTextual()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'primary_key' (the name of the key field, a string) is required");
    }
    boolean immutable = json.path("immutable").asBoolean(false);
    Integer version = intField(json, "version");
    JsonNode data = json.get("data");
    if (data != null && !data.isArray()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'data' must be an array of rows");
    if (data != null && !immutable) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
          "'data' creates a version, and only immutable tables have versions: add \"immutable\": true, or insert rows into a dynamic table with POST /v1/tables/{name}/rows");
    }
    int firstVersion = version == null ? 1 : version;
    var spec = new TableService.TableSpec(name.asText(), key.asText(), intField(json, "partitions"), immutable, immutable ? Integer.valueOf(firstVersion) : version);
    return tables.create(spec).thenCompose(def -> {
      if (!immutable || data == null) return CompletableFuture.completedFuture(JsonResponses.json(201, TableJson.definition(def)));
      return tables.loadVersion(def.name(), firstVersion, rows(data, def)).thenApply(result -> {
        if (result.second().error() != null) return StreamJson.uploadResponse("table", def.name(), result.second());
        Map<String, Object> m = TableJson.definition(result.first());
        m.put("loaded", StreamJson.summary("table", def.name(), result.second()));
        return JsonResponses.json(201, m);
      });
    });
  }

  private Source<UploadItem, NotUsed> rows(JsonNode data, TableDefinition def) {
    try {
      ByteString bytes = ByteString.fromArrayUnsafe(Json.MAPPER.writeValueAsBytes(data));
      return UploadParsing.items(Source.single(bytes), EventFormat.JSON, def.primaryKey(), maxRecordBytes, maxBodyBytes);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private CompletionStage<HttpResponse> upsertRows(String name, Optional<String> format, RequestEntity entity, Materializer mat) {
    return uploads.upload(entity, mat, format, () -> tables.get(name), TableDefinition::primaryKey,
        (def, items) -> items.runWith(node.appender().sink(tables.rowsTarget(def)), mat)
            .thenApply(summary -> StreamJson.uploadResponse("table", name, summary)));
  }

  private CompletionStage<HttpResponse> getRow(String name, String keySegment, Optional<String> version) {
    String key = RowKeys.fromPath(keySegment);
    Integer v = version.map(TablesRoute::parseVersion).orElse(null);
    return tables.getForRead(name).thenCompose(def -> tables.getRow(def, key, v)).thenApply(row -> row
        .map(bytes -> HttpResponse.create().withEntity(HttpEntities.create(
            org.apache.pekko.http.javadsl.model.ContentTypes.APPLICATION_JSON, bytes)))
        .orElseGet(() -> JsonResponses.error(new StreamSqlException(ErrorCode.ROW_NOT_FOUND,
            "Table '" + name + "' has no row with key " + key, Map.of("table", name, "key", key)))));
  }

  private CompletionStage<HttpResponse> deleteRow(String name, String keySegment) {
    String key = RowKeys.fromPath(keySegment);
    return tables.get(name).thenCompose(def -> tables.deleteRow(def, key))
        .thenApply(done -> JsonResponses.ok(Map.of("table", name, "deleted_key", Json.MAPPER.valueToTree(parse(key)))));
  }

  private static Object parse(String keyJson) {
    try {
      return Json.MAPPER.readTree(keyJson);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private CompletionStage<HttpResponse> scan(String name, Optional<String> version) {
    Integer v = version.map(TablesRoute::parseVersion).orElse(null);
    return tables.get(name).thenApply(def -> {
      var lines = tables.scan(def, v).groupedWithin(1000, Duration.ofMillis(20)).map(TableJson::ndjson);
      return HttpResponse.create().withEntity(HttpEntities.createChunked(StreamEventsRoute.NDJSON, lines));
    });
  }

  private CompletionStage<HttpResponse> loadVersionFromBody(
      String name, int version, Optional<String> format, RequestEntity entity, Materializer mat) {
    return uploads.upload(entity, mat, format, () -> tables.get(name), TableDefinition::primaryKey,
        (def, items) -> tables.loadVersion(name, version, items)
            .thenApply(result -> versionLoaded(name, version, result.first(), result.second())));
  }

  private CompletionStage<HttpResponse> versionFromJson(String name, RequestEntity entity, Materializer mat) {
    return entity.withSizeLimit(MAX_INLINE_BODY).toStrict(60_000, mat)
        .thenCompose(strict -> {
          JsonNode json = jsonObject(strict.getData().utf8String(), VERSION_FIELDS, "{\"version\": 2} or {\"version\": 2, \"data\": [...]}");
          Integer version = intField(json, "version");
          if (version == null) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'version' (an integer) is required");
          JsonNode data = json.get("data");
          if (data == null) {
            return tables.sealCurrent(name, version).thenApply(def -> JsonResponses.json(201, TableJson.versions(def)));
          }
          if (!data.isArray()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'data' must be an array of rows");
          return tables.get(name).thenCompose(def -> tables.loadVersion(name, version, rows(data, def)))
              .thenApply(result -> versionLoaded(name, version, result.first(), result.second()));
        })
        .exceptionally(JsonResponses::error);
  }

  private static HttpResponse versionLoaded(String name, int version, TableDefinition def, io.streamsql.cluster.streams.AppendSummary summary) {
    if (summary.error() != null) return StreamJson.uploadResponse("table", name, summary);
    Map<String, Object> m = new LinkedHashMap<>(TableJson.versions(def));
    m.put("loaded_version", version);
    m.put("loaded", StreamJson.summary("table", name, summary));
    return JsonResponses.json(201, m);
  }

  private static int parseVersion(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "'version' must be an integer, got '" + text + "'", Map.of("version", text));
    }
  }
}

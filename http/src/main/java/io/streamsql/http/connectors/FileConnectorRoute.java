package io.streamsql.http.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.streamsql.cluster.connectors.files.FileConnectorService;
import io.streamsql.cluster.connectors.files.FileLoadRequest;
import io.streamsql.cluster.connectors.files.FileType;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.http.JsonResponses;
import io.streamsql.http.RouteSupport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;

/**
 * {@code /v1/connectors/files}: CSV and Parquet files loaded into file tables — uploaded in the
 * body, in parts, or read by the server from a path — and the file tables themselves.
 */
public final class FileConnectorRoute extends RouteSupport {
  private static final Set<String> PATH_FIELDS = Set.of("name", "path", "file_type", "primary_key", "version", "columns", "partitions",
      "auto_partition", "partition_size_mb");
  private static final Set<String> UPLOAD_FIELDS = Set.of("file_type", "primary_key", "version", "columns", "partitions",
      "auto_partition", "partition_size_mb", "total_bytes");
  private static final String PATH_EXAMPLE = "{\"name\":\"users\",\"path\":\"hdfs://namenode:8020/data/users.csv\",\"primary_key\":\"id\"}";
  private static final String UPLOAD_EXAMPLE = "{\"file_type\":\"parquet\",\"primary_key\":\"id\",\"total_bytes\":2147483648}";
  private static final long MAX_JSON_BODY = 1L << 20;

  private final FileConnectorService files;
  private final long maxBodyBytes;
  /** A load answers when every row is persisted: minutes for a large file, past the server's request timeout. */
  private final java.time.Duration loadTimeout;

  public FileConnectorRoute(FileConnectorService files, Config http) {
    this.files = files;
    this.maxBodyBytes = http.getBytes("max-body-bytes");
    this.loadTimeout = http.getDuration("file-load-timeout");
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("connectors", () -> pathPrefix("files", () -> concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> parameterOptional("file_type", type -> respond(() -> names(type)))),
            post(() -> withRequestTimeout(loadTimeout, () -> jsonBody(PATH_FIELDS, PATH_EXAMPLE, this::loadPath))))),
        pathPrefix(PathMatchers.segment(), name -> concat(
            pathEndOrSingleSlash(() -> concat(
                put(() -> withRequestTimeout(loadTimeout, () ->
                    loadParameters(name, req -> extractRequestEntity(entity -> respond(() -> upload(req, entity)))))),
                get(() -> respond(() -> files.describe(name).thenApply(v -> JsonResponses.ok(FileTableJson.withSample(v.table(), v.sample()))))),
                delete(() -> parameterOptional("file_type", type -> respond(() -> files.delete(name, type.map(t -> FileType.of(t, null)).orElse(null))
                    .thenApply(t -> JsonResponses.ok(Map.of("deleted", FileTableJson.table(t))))))))),
            pathPrefix("uploads", () -> uploadsRoute(name))))))));
  }

  private Route uploadsRoute(String name) {
    return concat(
        pathEndOrSingleSlash(() -> post(() -> jsonBody(UPLOAD_FIELDS, UPLOAD_EXAMPLE, body -> startUpload(name, body)))),
        pathPrefix(PathMatchers.segment(), id -> concat(
            pathEndOrSingleSlash(() -> delete(() -> respond(() -> {
              files.uploads().abort(name, id);
              return java.util.concurrent.CompletableFuture.completedFuture(JsonResponses.ok(Map.of("upload_id", id, "aborted", true)));
            }))),
            path("complete", () -> post(() -> withRequestTimeout(loadTimeout, () -> respond(() -> loaded(files.completeUpload(name, id)))))),
            path(PathMatchers.segment("parts").slash(PathMatchers.integerSegment()), n -> put(() -> extractRequestEntity(entity ->
                respond(() -> files.uploads().part(name, id, n, entity.withSizeLimit(maxBodyBytes).getDataBytes())
                    .thenApply(w -> JsonResponses.ok(Map.of("upload_id", id, "part", w.part(), "bytes", w.bytes(), "total_bytes", w.totalBytes()))))))))));
  }

  private Route jsonBody(Set<String> fields, String example, Function<JsonNode, CompletionStage<HttpResponse>> handler) {
    return withSizeLimit(MAX_JSON_BODY, () -> entity(Unmarshaller.entityToString(),
        body -> respond(() -> handler.apply(jsonObject(body, fields, example)))));
  }

  private Route loadParameters(String name, Function<FileLoadRequest, Route> inner) {
    return parameterOptional("file_type", type -> parameterOptional("primary_key", key -> parameterOptional("version", version ->
        parameterOptional("columns", columns -> parameterOptional("partitions", partitions ->
            parameterOptional("auto_partition", auto -> parameterOptional("partition_size_mb", size -> {
              FileLoadRequest req;
              try {
                req = new FileLoadRequest(name, FileType.of(type.orElse(null), null), key.orElse(null), integer("version", version),
                    columns.orElse(null), integer("partitions", partitions), bool("auto_partition", auto),
                    Optional.ofNullable(integer("partition_size_mb", size)).orElse(FileLoadRequest.DEFAULT_PARTITION_SIZE_MB), "upload");
              } catch (StreamSqlException e) {
                return complete(JsonResponses.error(e));
              }
              return inner.apply(req);
            })))))));
  }

  private CompletionStage<HttpResponse> upload(FileLoadRequest req, RequestEntity entity) {
    long size = entity.getContentLengthOption().isPresent() ? entity.getContentLengthOption().getAsLong() : -1;
    return loaded(files.load(req, size, entity.withSizeLimit(maxBodyBytes).getDataBytes()));
  }

  private CompletionStage<HttpResponse> loadPath(JsonNode body) {
    String path = text(body, "path");
    if (path == null) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'path' (the file to read) is required");
    return loaded(files.loadPath(request(text(body, "name"), body, path), path));
  }

  private CompletionStage<HttpResponse> startUpload(String name, JsonNode body) {
    FileLoadRequest req = request(name, body, "upload");
    JsonNode total = body.get("total_bytes");
    Long totalBytes = total == null || total.isNull() ? null : total.asLong();
    var started = files.uploads().start(req, totalBytes);
    return java.util.concurrent.CompletableFuture.completedFuture(JsonResponses.json(201, Map.of("upload_id", started.uploadId(), "name", name)));
  }

  private static FileLoadRequest request(String name, JsonNode body, String source) {
    String path = source.equals("upload") ? null : source;
    Integer size = intField(body, "partition_size_mb");
    JsonNode auto = body.get("auto_partition");
    if (auto != null && !auto.isBoolean()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'auto_partition' must be true or false");
    return new FileLoadRequest(name, FileType.of(text(body, "file_type"), path), text(body, "primary_key"), intField(body, "version"),
        text(body, "columns"), intField(body, "partitions"), auto == null || auto.asBoolean(),
        size == null ? FileLoadRequest.DEFAULT_PARTITION_SIZE_MB : size, source);
  }

  private CompletionStage<HttpResponse> loaded(CompletionStage<FileConnectorService.Loaded> load) {
    return load.handle((loaded, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof EntityStreamSizeException) {
          return JsonResponses.error(new StreamSqlException(ErrorCode.BODY_TOO_LARGE,
              "The file is larger than the limit of " + maxBodyBytes + " bytes (streamsql.http.max-body-bytes); nothing was committed",
              Map.of("max_body_bytes", maxBodyBytes)));
        }
        return JsonResponses.error(cause);
      }
      Map<String, Object> m = new LinkedHashMap<>(FileTableJson.table(loaded.table()));
      m.put("loaded", FileTableJson.load(loaded.table().latest()));
      Map<String, Object> sql = new LinkedHashMap<>();
      sql.put("source", loaded.sqlSource());
      sql.put("statement", loaded.sqlStatement());
      if (loaded.sqlError() != null) sql.put("error", loaded.sqlError());
      m.put("sql", sql);
      return JsonResponses.json(201, m);
    });
  }

  private CompletionStage<HttpResponse> names(Optional<String> type) {
    return files.names(type.map(t -> FileType.of(t, null)).orElse(null)).thenApply(names -> JsonResponses.ok(Map.of("tables", names)));
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field '" + field + "' must be a string", Map.of("field", field));
    return v.asText();
  }

  private static Integer integer(String name, Optional<String> value) {
    if (value.isEmpty()) return null;
    try {
      return Integer.parseInt(value.get().trim());
    } catch (NumberFormatException e) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "'" + name + "' must be an integer, got '" + value.get() + "'", Map.of(name, value.get()));
    }
  }

  private static boolean bool(String name, Optional<String> value) {
    if (value.isEmpty()) return true;
    return switch (value.get().trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "'" + name + "' must be true or false", Map.of(name, value.get()));
    };
  }
}

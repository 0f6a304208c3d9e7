package io.streamsql.http.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.sql.query.QueryResult;
import io.streamsql.core.format.Json;
import io.streamsql.http.JsonResponses;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.Accept;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * ksqlDB's query endpoints: {@code POST /query-stream} (body {@code {"sql","properties",
 * "sessionVariables"}}; delimited or JSON by the Accept header), the older {@code POST /query}
 * (body {@code {"ksql","streamsProperties"}}; a chunked JSON array), and {@code POST /close-query}.
 * Errors before the first row are ksqlDB's error objects with their status; later ones are written
 * into the response, which then ends. A client that goes away cancels the rows, which ends the query.
 */
public final class QueryStreamRoute extends AllDirectives {
  private static final long MAX_REQUEST_BYTES = 1 << 20;
  private static final long MAX_CHUNK_BYTES = 256 * 1024;
  public static final ContentType DELIMITED =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("vnd.ksqlapi.delimited.v1", HttpCharsets.UTF_8));

  private final StreamSqlNode node;
  private final Executor blocking;
  private final java.time.Duration heartbeat;

  public QueryStreamRoute(StreamSqlNode node, com.typesafe.config.Config http) {
    this.node = node;
    this.heartbeat = http.getDuration("follow-heartbeat");
    // Parsing reads the catalog, which may wait for its entity: off the HTTP threads.
    this.blocking = node.system().dispatchers().lookup(DispatcherSelector.blocking());
  }

  public Route route() {
    return concat(
        path("query-stream", () -> post(() -> withSizeLimit(MAX_REQUEST_BYTES, () -> optionalHeaderValueByType(Accept.class, accept ->
            entity(Unmarshaller.entityToString(), body -> completeWithFuture(
                run(body, "sql", "properties", wantsJson(accept) ? QueryResponseFormat.JSON_ARRAY : QueryResponseFormat.DELIMITED))))))),
        path("query", () -> post(() -> withSizeLimit(MAX_REQUEST_BYTES, () ->
            entity(Unmarshaller.entityToString(), body -> completeWithFuture(run(body, "ksql", "streamsProperties", QueryResponseFormat.LEGACY)))))),
        path("close-query", () -> post(() -> withSizeLimit(MAX_REQUEST_BYTES, () ->
            entity(Unmarshaller.entityToString(), body -> completeWithFuture(close(body)))))));
  }

  private static boolean wantsJson(Optional<Accept> accept) {
    if (accept.isEmpty()) return false;
    String value = accept.get().value();
    return value.contains("application/json") && !value.contains("vnd.ksqlapi.delimited");
  }

  private CompletionStage<HttpResponse> run(String body, String sqlField, String propertiesField, QueryResponseFormat format) {
    JsonNode request;
    try {
      request = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return done(400, KsqlErrors.generic(40000, "Invalid JSON in request: " + e.getMessage().lines().findFirst().orElse("")));
    }
    if (request == null || !request.isObject() || !request.path(sqlField).isTextual()) {
      return done(400, KsqlErrors.generic(40000, "No " + sqlField + " field in request: the body must be a JSON object with a \""
          + sqlField + "\" string, e.g. {\"" + sqlField + "\": \"SELECT * FROM S EMIT CHANGES;\"}"));
    }
    String sql = request.get(sqlField).asText();
    Map<String, Object> properties = new LinkedHashMap<>();
    // ksqlDB's own curl example sends "streamsProperties" to /query-stream: both names are read.
    for (String field : List.of("streamsProperties", "properties", propertiesField)) {
      request.path(field).fields().forEachRemaining(e -> properties.put(e.getKey(),
          e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    }
    Map<String, String> variables = new LinkedHashMap<>();
    request.path("sessionVariables").fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
    return CompletableFuture.supplyAsync(() -> node.queries().execute(sql, properties, variables), blocking)
        .thenCompose(stage -> stage)
        .handle((result, failure) -> {
          if (failure != null) {
            KsqlErrors.Mapped error = KsqlErrors.of(failure, sql);
            return JsonResponses.json(error.status(), error.body());
          }
          return stream(result, format);
        });
  }

  private HttpResponse stream(QueryResult result, QueryResponseFormat format) {
    AtomicLong rows = new AtomicLong();
    boolean[] failed = {false};
    Source<ByteString, NotUsed> body = Source.single(format.header(result))
        .concat(result.rows().map(row -> {
          rows.incrementAndGet();
          return format.row(row);
        }).recover(new org.apache.pekko.japi.pf.PFBuilder<Throwable, ByteString>()
            .matchAny(t -> {
              failed[0] = true;
              return format.error(KsqlErrors.of(t, null).body());
            }).build()))
        .concat(Source.lazySource(() -> failed[0] ? Source.empty() : Source.single(format.end(result.queryId() != null))));
    ContentType type = format == QueryResponseFormat.DELIMITED ? DELIMITED : ContentTypes.APPLICATION_JSON;
    // Rows go out one chunk each while the client keeps up; when it (or the connection) is slower,
    // the rows waiting are joined into one chunk instead of queueing as many tiny ones.
    body = body.filter(b -> !b.isEmpty()).batchWeighted(MAX_CHUNK_BYTES, b -> (long) b.size(), b -> b, ByteString::concat);
    // A quiet push query must outlive the connection idle timeout. Whitespace is valid between JSON
    // values; the delimited format has no such filler (ksqlDB's client parses every line as a row).
    if (format != QueryResponseFormat.DELIMITED) body = body.keepAlive(heartbeat, () -> ByteString.fromString("\n"));
    return HttpResponse.create().withEntity(HttpEntities.createChunked(type, body));
  }

  private CompletionStage<HttpResponse> close(String body) {
    JsonNode request;
    try {
      request = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return done(400, KsqlErrors.generic(40000, "Invalid JSON in request: " + e.getMessage().lines().findFirst().orElse("")));
    }
    if (request == null || !request.path("queryId").isTextual()) {
      return done(400, KsqlErrors.generic(40000, "No queryId field in request"));
    }
    String queryId = request.get("queryId").asText();
    return node.queries().close(queryId).thenApply(found -> found
        ? HttpResponse.create()
        : JsonResponses.json(400, KsqlErrors.generic(40000, "No query with id " + queryId)));
  }

  private static CompletionStage<HttpResponse> done(int status, Map<String, Object> body) {
    return CompletableFuture.completedFuture(JsonResponses.json(status, body));
  }
}

package io.streamsql.http.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.sql.SqlStatementException;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import io.streamsql.http.JsonResponses;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * ksqlDB's statement endpoint, {@code POST /ksql}, with its request ({@code ksql},
 * {@code streamsProperties}, {@code sessionVariables}), its response entities and its error
 * shape, so ksqlDB clients work unchanged; and {@code GET /info}, which those clients call first.
 */
public final class KsqlRoute extends AllDirectives {
  private static final long MAX_REQUEST_BYTES = 1 << 20;

  private final StreamSqlNode node;
  private final Executor blocking;

  public KsqlRoute(StreamSqlNode node) {
    this.node = node;
    // Statements wait for the catalog and query entities: they run on the blocking dispatcher.
    this.blocking = node.system().dispatchers().lookup(DispatcherSelector.blocking());
  }

  public Route route() {
    return concat(
        path("ksql", () -> post(() -> withSizeLimit(MAX_REQUEST_BYTES, () ->
            entity(Unmarshaller.entityToString(), body -> completeWithFuture(execute(body)))))),
        path("info", () -> get(() -> complete(JsonResponses.ok(Map.of("KsqlServerInfo", Map.of(
            "version", "7.6.0-streamsql", "kafkaClusterId", "streamsql", "ksqlServiceId", node.settings().pipeline(),
            "serverStatus", "RUNNING")))))));
  }

  private CompletionStage<HttpResponse> execute(String body) {
    JsonNode request;
    try {
      request = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return CompletableFuture.completedFuture(error(400, 40000, "Request body is not valid JSON: "
          + e.getMessage().lines().findFirst().orElse(""), null, List.of()));
    }
    if (request == null || !request.isObject() || !request.path("ksql").isTextual()) {
      return CompletableFuture.completedFuture(error(400, 40000,
          "The request must be a JSON object with a \"ksql\" string, e.g. {\"ksql\": \"SHOW STREAMS;\"}", null, List.of()));
    }
    String sql = request.get("ksql").asText();
    Map<String, Object> properties = new LinkedHashMap<>();
    request.path("streamsProperties").fields().forEachRemaining(e -> properties.put(e.getKey(),
        e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    Map<String, String> variables = new LinkedHashMap<>();
    request.path("sessionVariables").fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
    return CompletableFuture.supplyAsync(() -> node.sql().execute(sql, properties, variables), blocking)
        .handle((entities, failure) -> {
          if (failure == null) return JsonResponses.ok(KsqlEntities.render(entities));
          Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
          if (t instanceof SqlStatementException s) {
            StreamSqlException cause = s.error();
            if (cause.code() == ErrorCode.JOURNAL_UNAVAILABLE) {
              return error(503, 50300, cause.getMessage(), s.statementText(), KsqlEntities.render(s.results()));
            }
            if (cause.code() == ErrorCode.INTERNAL_ERROR) return error(500, 50000, cause.getMessage(), s.statementText(), KsqlEntities.render(s.results()));
            // ksqlDB's own code when the statement carries one (40002: a SELECT sent to /ksql), else a bad statement.
            int code = cause.details().get("ksql_error_code") instanceof Integer c ? c : 40001;
            return error(400, code, cause.getMessage(), s.statementText(), KsqlEntities.render(s.results()));
          }
          return error(500, 50000, String.valueOf(t.getMessage()), null, List.of());
        });
  }

  /** ksqlDB's error entity: statement errors carry the statement and the entities of the statements before it. */
  private static HttpResponse error(int status, int code, String message, String statement, List<Map<String, Object>> entities) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@type", statement == null ? "generic_error" : "statement_error");
    body.put("error_code", code);
    body.put("message", message);
    if (statement != null) {
      body.put("statementText", statement);
      body.put("entities", entities);
    }
    return JsonResponses.json(status, body);
  }
}

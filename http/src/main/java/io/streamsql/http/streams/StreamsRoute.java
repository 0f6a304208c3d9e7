package io.streamsql.http.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.http.JsonResponses;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /v1/streams}: create, list, describe and delete streams. */
public final class StreamsRoute extends AllDirectives {
  private static final Set<String> CREATE_FIELDS = Set.of("name", "partitions", "retention_policy");

  private final StreamService streams;

  public StreamsRoute(StreamService streams) {
    this.streams = streams;
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("streams", () -> concat(
        pathEndOrSingleSlash(() -> concat(
            post(() -> entity(org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller.entityToString(), body ->
                respond(() -> create(body).thenApply(def -> JsonResponses.json(201, StreamJson.definition(def)))))),
            get(() -> respond(() -> streams.list().thenApply(list ->
                JsonResponses.ok(Map.of("streams", list.stream().map(StreamJson::definition).toList()))))))),
        path(PathMatchers.segment(), name -> pathEndOrSingleSlash(() -> concat(
            get(() -> respond(() -> streams.describe(name).thenApply(d -> JsonResponses.ok(StreamJson.description(d))))),
            delete(() -> respond(() -> streams.delete(name).thenApply(def ->
                JsonResponses.ok(Map.of("deleted", StreamJson.definition(def))))))))))));
  }

  /** Completes with the response, or with the error shape for any failure, sync or async. */
  Route respond(Supplier<CompletionStage<HttpResponse>> action) {
    CompletionStage<HttpResponse> response;
    try {
      response = action.get();
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return completeWithFuture(response.handle((ok, error) -> error == null ? ok : JsonResponses.error(error)));
  }

  private CompletionStage<io.streamsql.persistence.catalog.StreamDefinition> create(String body) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (json == null || !json.isObject()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
          "Request body must be a JSON object such as {\"name\":\"clicks\",\"partitions\":4,\"retention_policy\":\"7d\"}");
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!CREATE_FIELDS.contains(field)) {
        throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
            "Unknown field '" + field + "'; a stream takes " + List.copyOf(new java.util.TreeSet<>(CREATE_FIELDS)), Map.of("field", field));
      }
    }
    JsonNode name = json.get("name");
    if (name == null || !name.isTextual()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'name' (a string) is required");
    }
    Integer partitions = null;
    JsonNode p = json.get("partitions");
    if (p != null && !p.isNull()) {
      if (!p.canConvertToInt() || !p.isIntegralNumber()) {
        throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'partitions' must be an integer", Map.of("partitions", p.toString()));
      }
      partitions = p.intValue();
    }
    JsonNode r = json.get("retention_policy");
    RetentionPolicy retention = r == null || r.isNull()
        ? RetentionPolicy.FOREVER
        : RetentionPolicy.parse(r.isNumber() ? (Object) r.longValue() : r.asText());
    return streams.create(name.asText(), partitions, retention);
  }
}

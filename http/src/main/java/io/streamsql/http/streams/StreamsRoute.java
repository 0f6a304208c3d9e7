package io.streamsql.http.streams;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.http.JsonResponses;
import io.streamsql.http.RouteSupport;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /v1/streams}: create, list, describe and delete streams. */
public final class StreamsRoute extends RouteSupport {
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

  private CompletionStage<io.streamsql.persistence.catalog.StreamDefinition> create(String body) {
    JsonNode json = jsonObject(body, CREATE_FIELDS, "{\"name\":\"clicks\",\"partitions\":4,\"retention_policy\":\"7d\"}");
    JsonNode name = json.get("name");
    if (name == null || !name.isTextual()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'name' (a string) is required");
    }
    Integer partitions = intField(json, "partitions");
    JsonNode r = json.get("retention_policy");
    RetentionPolicy retention = r == null || r.isNull()
        ? RetentionPolicy.FOREVER
        : RetentionPolicy.parse(r.isNumber() ? (Object) r.longValue() : r.asText());
    return streams.create(name.asText(), partitions, retention);
  }
}

package io.streamsql.http.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.connectors.kafka.KafkaConnectorService;
import io.streamsql.cluster.connectors.kafka.KafkaSourceRequest;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.http.JsonResponses;
import io.streamsql.http.RouteSupport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Kafka source connectors: {@code /v1/connectors/kafka} (list, create), {@code …/{name}} (status,
 * delete), {@code …/{name}/pause|resume}.
 */
public final class KafkaSourcesRoute extends RouteSupport {
  private static final Set<String> FIELDS = Set.of("name", "brokers", "topic", "format", "key_format", "columns", "retention_policy",
      "partitions", "properties");
  private static final String EXAMPLE = "{\"name\": \"transactions\", \"brokers\": [\"localhost:9092\"], \"topic\": \"transactions\", "
      + "\"format\": \"json\"}";

  private final KafkaConnectorService connectors;

  public KafkaSourcesRoute(KafkaConnectorService connectors) {
    this.connectors = connectors;
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("connectors", () -> pathPrefix("kafka", () -> concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> respond(() -> connectors.list().thenApply(all ->
                JsonResponses.ok(Map.of("connectors", all.stream().map(KafkaSourceJson::status).toList()))))),
            post(() -> entity(Unmarshaller.entityToString(), body -> respond(() -> create(body)))))),
        pathPrefix(PathMatchers.segment(), name -> concat(
            pathEndOrSingleSlash(() -> concat(
                get(() -> respond(() -> connectors.status(name).thenApply(s -> JsonResponses.ok(KafkaSourceJson.status(s))))),
                delete(() -> respond(() -> connectors.delete(name).thenApply(c ->
                    JsonResponses.ok(Map.of("deleted", KafkaSourceJson.connector(c)))))))),
            path("pause", () -> post(() -> respond(() -> connectors.setPaused(name, true)
                .thenApply(c -> JsonResponses.json(202, KafkaSourceJson.connector(c)))))),
            path("resume", () -> post(() -> respond(() -> connectors.setPaused(name, false)
                .thenApply(c -> JsonResponses.json(202, KafkaSourceJson.connector(c))))))))))));
  }

  private CompletionStage<HttpResponse> create(String body) {
    JsonNode json = jsonObject(body, FIELDS, EXAMPLE);
    JsonNode r = json.get("retention_policy");
    RetentionPolicy retention = r == null || r.isNull() ? null : RetentionPolicy.parse(r.isNumber() ? (Object) r.longValue() : r.asText());
    KafkaSourceRequest request = new KafkaSourceRequest(requiredText(json, "name"), brokers(json.get("brokers")), text(json, "topic"),
        text(json, "format"), text(json, "key_format"), strings(json, "columns"), retention, intField(json, "partitions"),
        properties(json.get("properties")));
    return connectors.create(request).thenApply(c -> JsonResponses.json(201, KafkaSourceJson.connector(c)));
  }

  private static String requiredText(JsonNode json, String field) {
    String v = text(json, field);
    if (v == null) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field '" + field + "' (a string) is required, e.g. " + EXAMPLE);
    return v;
  }

  private static String text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field '" + field + "' must be a string", Map.of(field, v.toString()));
    return v.asText();
  }

  /** {@code ["h1:9092","h2:9092"]} or {@code "h1:9092,h2:9092"}. */
  private static List<String> brokers(JsonNode v) {
    if (v == null || v.isNull()) return null;
    if (v.isTextual()) return List.of(v.asText().split(","));
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode b : v) {
        if (!b.isTextual()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'brokers' must be a list of \"host:port\" strings");
        out.add(b.asText());
      }
      return out;
    }
    throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'brokers' must be a list of \"host:port\" strings");
  }

  private static List<String> strings(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) return null;
    if (v.isTextual()) return List.of(v.asText().split("\\s*,\\s*"));
    if (!v.isArray()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field '" + field + "' must be a list of strings");
    List<String> out = new ArrayList<>();
    for (JsonNode s : v) out.add(s.asText());
    return out;
  }

  private static Map<String, String> properties(JsonNode v) {
    if (v == null || v.isNull()) return null;
    if (!v.isObject()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'properties' must be an object of Kafka client settings");
    Map<String, String> out = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    return out;
  }
}

package io.streamsql.http.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.connectors.kafka.KafkaSinkService;
import io.streamsql.cluster.connectors.kafka.KafkaSinkStatus;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.http.JsonResponses;
import io.streamsql.http.RouteSupport;
import io.streamsql.persistence.connector.KafkaSinkCatalogEntity.Sink;
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
 * Kafka sink connectors: {@code /v1/connectors/kafka-sinks} (list, create), {@code …/{name}}
 * (status, delete), {@code …/{name}/pause|resume}.
 */
public final class KafkaSinksRoute extends RouteSupport {
  private static final Set<String> FIELDS = Set.of("name", "source", "brokers", "topic", "from", "properties");
  private static final String EXAMPLE = "{\"name\": \"big_orders_out\", \"source\": \"big_orders\", \"brokers\": [\"localhost:9092\"], "
      + "\"topic\": \"big_orders\", \"from\": \"earliest\"}";

  private final KafkaSinkService sinks;

  public KafkaSinksRoute(KafkaSinkService sinks) {
    this.sinks = sinks;
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("connectors", () -> pathPrefix("kafka-sinks", () -> concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> respond(() -> sinks.list().thenApply(all -> JsonResponses.ok(Map.of("sinks", all.stream().map(KafkaSinksRoute::status).toList()))))),
            post(() -> entity(Unmarshaller.entityToString(), body -> respond(() -> create(body)))))),
        pathPrefix(PathMatchers.segment(), name -> concat(
            pathEndOrSingleSlash(() -> concat(
                get(() -> respond(() -> sinks.status(name).thenApply(s -> JsonResponses.ok(status(s))))),
                delete(() -> respond(() -> sinks.delete(name).thenApply(s -> JsonResponses.ok(Map.of("deleted", sink(s)))))))),
            path("pause", () -> post(() -> respond(() -> sinks.setPaused(name, true).thenApply(s -> JsonResponses.json(202, sink(s)))))),
            path("resume", () -> post(() -> respond(() -> sinks.setPaused(name, false).thenApply(s -> JsonResponses.json(202, sink(s))))))))))));
  }

  private CompletionStage<HttpResponse> create(String body) {
    JsonNode json = jsonObject(body, FIELDS, EXAMPLE);
    String name = text(json, "name");
    if (name == null) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'name' (a string) is required, e.g. " + EXAMPLE);
    List<String> brokers = null;
    JsonNode b = json.get("brokers");
    if (b != null && b.isTextual()) brokers = List.of(b.asText().split(","));
    else if (b != null && b.isArray()) {
      brokers = new ArrayList<>();
      for (JsonNode x : b) brokers.add(x.asText());
    }
    Map<String, String> properties = null;
    JsonNode p = json.get("properties");
    if (p != null && p.isObject()) {
      properties = new LinkedHashMap<>();
      Map<String, String> out = properties;
      p.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    }
    return sinks.create(name, text(json, "source"), brokers, text(json, "topic"), text(json, "from"), properties)
        .thenApply(s -> JsonResponses.json(201, sink(s)));
  }

  private static String text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field '" + field + "' must be a string", Map.of(field, v.toString()));
    return v.asText();
  }

  static Map<String, Object> sink(Sink s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("source", s.source());
    m.put("brokers", List.of(s.brokers().split(",")));
    m.put("topic", s.topic());
    m.put("from", s.from());
    m.put("source_partitions", s.sourcePartitions());
    m.put("consumer_group", s.group());
    m.put("offsets_topic", s.offsetsTopic());
    m.put("paused", s.paused());
    m.put("created_at", s.createdAt());
    return m;
  }

  static Map<String, Object> status(KafkaSinkStatus s) {
    Map<String, Object> m = sink(s.sink());
    m.put("state", s.state());
    m.put("error", s.error());
    m.put("exported", s.exported());
    m.put("lag", s.lag());
    List<Map<String, Object>> parts = new ArrayList<>();
    for (KafkaSinkStatus.Partition p : s.partitions()) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("partition", p.partition());
      pm.put("state", p.state());
      pm.put("next_offset", p.nextOffset());
      pm.put("end_offset", p.endOffset());
      pm.put("lag", p.lag());
      pm.put("exported", p.exported());
      pm.put("error", p.error());
      parts.add(pm);
    }
    m.put("partitions", parts);
    return m;
  }
}

package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.streamsql.core.format.Json;
import io.streamsql.http.observe.RequestObserver;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * GET /metrics after real traffic (native stream API, /ksql, a pull query, a persistent query, a
 * 404): Prometheus text, route templates as labels and never stream names; request ids on every
 * response, in error bodies and in the access log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {
  private static final Set<String> TEMPLATE_LABELS_SEEN_BY_THIS_TEST = Set.of(
      "/v1/streams", "/v1/streams/{name}/events", "/ksql", "/query-stream", "/metrics", "unmatched");

  private InProcessServer server;
  private String base;
  private final String stream = "metricsit_" + UUID.randomUUID().toString().substring(0, 8);
  private final String sqlSuffix = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

  @BeforeAll
  void start() throws Exception {
    server = new InProcessServer("streamsql.metrics.poll-interval = 200ms\n");
    base = server.baseUrl();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** One sample line of the exposition: name, labels, value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  /** Parses the whole text format; fails on any line that is neither a comment nor a sample. */
  private List<Sample> scrape() throws Exception {
    HttpResponse<String> r = HttpClients.CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    List<Sample> samples = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
      Matcher m = LINE.matcher(line);
      assertTrue(m.matches(), "not Prometheus text: " + line);
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        int end = 0;
        while (l.find() && l.start() == end) {
          labels.put(l.group(1), l.group(2));
          end = l.end();
        }
        assertEquals(m.group(2).length(), end, "bad labels in: " + line);
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return samples;
  }

  private static double sum(List<Sample> samples, String name, Map<String, String> match) {
    return samples.stream().filter(s -> s.name().equals(name))
        .filter(s -> match.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
        .mapToDouble(Sample::value).sum();
  }

  private static HttpResponse<String> send(String method, String path, String body, String requestId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (requestId != null) b.header("X-Request-Id", requestId);
    return HttpClients.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void traffic(int records) throws Exception {
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < records; i++) ndjson.append("{\"n\":").append(i).append("}\n");
    assertEquals(200, post(base + "/v1/streams/" + stream + "/events", ndjson.toString()).status());
    assertEquals(200, get(base + "/v1/streams/" + stream + "/events?from=earliest").status());
    assertEquals(404, get(base + "/no/such/" + stream).status());
    var pull = post(base + "/query-stream", Json.MAPPER.createObjectNode().put("sql", "SELECT * FROM SRC_" + sqlSuffix + ";").toString());
    assertEquals(200, pull.status(), pull.body());
  }

  @Test
  void countsGrowWithTrafficUnderRouteTemplatesAndNoStreamNames() throws Exception {
    assertEquals(201, post(base + "/v1/streams", "{\"name\":\"" + stream + "\",\"partitions\":2}").status());
    var ksql = post(base + "/ksql", Json.MAPPER.createObjectNode().put("ksql",
        "CREATE STREAM SRC_" + sqlSuffix + " (ID STRING KEY, N INT) WITH (kafka_topic='src_" + sqlSuffix.toLowerCase()
            + "', partitions=2, value_format='JSON');"
            + "CREATE STREAM OUT_" + sqlSuffix + " AS SELECT * FROM SRC_" + sqlSuffix + " WHERE N > 0;"
            + "INSERT INTO SRC_" + sqlSuffix + " (ID, N) VALUES ('a', 1);").toString());
    assertEquals(200, ksql.status(), ksql.body());

    traffic(3);
    List<Sample> first = scrape();
    traffic(5);
    List<Sample> second = scrape();

    Map<String, String> uploads = Map.of("route", "/v1/streams/{name}/events", "method", "POST", "status", "200", "status_class", "2xx");
    // Other tests share the server: compare the two scrapes.
    assertEquals(1, sum(second, "streamsql_http_requests_seconds_count", uploads) - sum(first, "streamsql_http_requests_seconds_count", uploads));
    Map<String, String> unmatched = Map.of("route", "unmatched", "status", "404");
    assertEquals(1, sum(second, "streamsql_http_requests_seconds_count", unmatched) - sum(first, "streamsql_http_requests_seconds_count", unmatched));
    assertEquals(1, sum(second, "streamsql_http_requests_seconds_count", Map.of("route", "/v1/streams", "status", "201")));
    assertTrue(sum(second, "streamsql_http_requests_seconds_count", Map.of("route", "/ksql", "method", "POST")) >= 1);

    // Counters are per node and cumulative: the second batch of 5 records adds exactly 5.
    for (String counter : List.of("streamsql_records_appended_total", "streamsql_records_acknowledged_total")) {
      assertEquals(5, sum(second, counter, Map.of()) - sum(first, counter, Map.of()), counter);
    }
    assertEquals(1, sum(second, "streamsql_append_latency_seconds_count", Map.of("outcome", "success"))
        - sum(first, "streamsql_append_latency_seconds_count", Map.of("outcome", "success")));
    assertTrue(sum(second, "streamsql_journal_writes_seconds_count", Map.of()) > sum(first, "streamsql_journal_writes_seconds_count", Map.of()));
    assertEquals(1, sum(second, "streamsql_queries_started_total", Map.of("kind", "pull"))
        - sum(first, "streamsql_queries_started_total", Map.of("kind", "pull")));
    assertEquals(1, sum(second, "streamsql_queries_completed_total", Map.of("kind", "pull", "outcome", "success"))
        - sum(first, "streamsql_queries_completed_total", Map.of("kind", "pull", "outcome", "success")));
    for (String jvm : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
        "process_uptime_seconds", "system_cpu_count")) {
      assertTrue(second.stream().anyMatch(s -> s.name().equals(jvm)), jvm);
    }

    for (Sample s : second) {
      if (s.name().startsWith("streamsql_http_requests")) {
        assertTrue(TEMPLATE_LABELS_SEEN_BY_THIS_TEST.contains(s.labels().get("route"))
            || s.labels().get("route").startsWith("/"), "route label not a template: " + s);
      }
      for (String value : s.labels().values()) {
        assertFalse(value.contains(stream), "stream name in a label: " + s);
        assertFalse(!s.name().equals("streamsql_query_input_lag") && value.contains(sqlSuffix), "SQL source name in a label: " + s);
      }
    }
  }

  @Test
  void shardDistributionAndQueryInputLagArePolled() throws Exception {
    String out = "LAGOUT_" + sqlSuffix;
    var ksql = post(base + "/ksql", Json.MAPPER.createObjectNode().put("ksql",
        "CREATE STREAM LAGSRC_" + sqlSuffix + " (ID STRING KEY, N INT) WITH (kafka_topic='lagsrc_" + sqlSuffix.toLowerCase()
            + "', partitions=2, value_format='JSON');"
            + "CREATE STREAM " + out + " AS SELECT * FROM LAGSRC_" + sqlSuffix + ";"
            + "INSERT INTO LAGSRC_" + sqlSuffix + " (ID, N) VALUES ('a', 1);"
            + "INSERT INTO LAGSRC_" + sqlSuffix + " (ID, N) VALUES ('b', 2);").toString());
    assertEquals(200, ksql.status(), ksql.body());
    Polling.until(Duration.ofSeconds(60), Duration.ofMillis(200), "the query's input lag reaches 0 on both partitions", () -> {
      List<Sample> lag = scrape().stream()
          .filter(s -> s.name().equals("streamsql_query_input_lag") && s.labels().get("query").contains(out)).toList();
      return lag.size() == 2 && lag.stream().allMatch(s -> s.value() == 0);
    });
    Polling.until(Duration.ofSeconds(30), Duration.ofMillis(200), "shard stats show this node's log partitions", () ->
        sum(scrape(), "streamsql_sharding_entities", Map.of("entity_type", "LogPartition")) > 0
            && sum(scrape(), "streamsql_sharding_shards", Map.of("entity_type", "LogPartition")) > 0);
  }

  @Test
  void requestIdsAreEchoedOrGeneratedAndNamedInErrorBodies() throws Exception {
    HttpResponse<String> echoed = send("GET", base + "/v1/streams/missing_" + sqlSuffix + "/events", null, "it-req-1");
    assertEquals(404, echoed.statusCode());
    assertEquals("it-req-1", echoed.headers().firstValue("X-Request-Id").orElseThrow());
    var body = Json.MAPPER.readTree(echoed.body());
    assertEquals("stream_not_found", body.get("error_code").asText());
    assertEquals("it-req-1", body.get("request_id").asText());

    HttpResponse<String> ok = send("GET", base + "/healthz", null, null);
    String generated = ok.headers().firstValue("X-Request-Id").orElseThrow();
    assertFalse(generated.isBlank());
    assertFalse(Json.MAPPER.readTree(ok.body()).has("request_id"), "only error bodies carry the id");

    HttpResponse<String> unsafe = send("GET", base + "/nothing", null, "bad id <with> spaces");
    String replaced = unsafe.headers().firstValue("X-Request-Id").orElseThrow();
    assertFalse(replaced.contains(" "));
    assertEquals(replaced, Json.MAPPER.readTree(unsafe.body()).get("request_id").asText(), "rejections are errors too");

    // ksqlDB's error shape gets it as well.
    HttpResponse<String> ksql = send("POST", base + "/ksql", "{\"ksql\":\"SELEC 1;\"}", "it-req-ksql");
    assertEquals(400, ksql.statusCode());
    var ksqlBody = Json.MAPPER.readTree(ksql.body());
    assertEquals(40001, ksqlBody.get("error_code").asInt());
    assertEquals("it-req-ksql", ksqlBody.get("request_id").asText());
  }

  @Test
  void theAccessLogLineCarriesTheRequestIdInItsMdc() throws Exception {
    Logger access = (Logger) LoggerFactory.getLogger(RequestObserver.ACCESS_LOGGER);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Level before = access.getLevel();
    access.setLevel(Level.INFO);
    access.addAppender(lines);
    try {
      HttpResponse<String> r = send("GET", base + "/v1/streams/" + stream + "/events?limit=1", null, "it-access-1");
      assertTrue(r.statusCode() == 200 || r.statusCode() == 404);
      // The line is written before the response leaves the server.
      ILoggingEvent line = lines.list.stream()
          .filter(e -> "it-access-1".equals(e.getMDCPropertyMap().get(RequestObserver.MDC_KEY))).findFirst()
          .orElseThrow(() -> new AssertionError("no access line with the request id: " + lines.list));
      assertEquals(Level.INFO, line.getLevel());
      assertTrue(line.getFormattedMessage().startsWith("GET /v1/streams/{name}/events " + r.statusCode() + " "), line.getFormattedMessage());
      assertTrue(line.getFormattedMessage().contains("request_id=it-access-1"));
      assertFalse(line.getFormattedMessage().contains(stream), "the raw path is not logged");
    } finally {
      access.detachAppender(lines);
      access.setLevel(before);
    }
  }
}

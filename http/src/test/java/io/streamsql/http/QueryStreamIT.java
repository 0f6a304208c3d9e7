package io.streamsql.http;

import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.format.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** ksqlDB's /query-stream, /query and /close-query over real HTTP/2 and HTTP/1.1, on a node backed by the real Cassandra. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryStreamIT {
  private static final HttpClient HTTP2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
  private static final HttpClient HTTP1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private InProcessServer server;
  private String base;

  @BeforeAll
  void startServer() throws Exception {
    server = new InProcessServer("pekko.persistence.cassandra.query.refresh-interval = 50ms\n");
    base = server.baseUrl();
    // The JDK client upgrades a plain-HTTP connection to h2c on a request without a body; later requests share it.
    HttpResponse<String> upgrade = HTTP2.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_2, upgrade.version());
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  private JsonNode ksql(String sql) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode().put("ksql", sql);
    body.putObject("streamsProperties");
    var reply = post(base + "/ksql", body.toString());
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  private String stream(int partitions) throws Exception {
    String name = "PV_" + suffix();
    ksql("CREATE STREAM " + name + " (ID STRING KEY, PAGE STRING, N INT) WITH (kafka_topic='" + name.toLowerCase()
        + "', partitions=" + partitions + ", value_format='JSON');");
    return name;
  }

  private void insert(String stream, String id, String page, int n) throws Exception {
    ksql("INSERT INTO " + stream + " (ID, PAGE, N) VALUES ('" + id + "', '" + page + "', " + n + ");");
  }

  private static String queryBody(String sql, String offsetReset) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("sql", sql);
    if (offsetReset != null) body.putObject("properties").put("auto.offset.reset", offsetReset);
    return body.toString();
  }

  private HttpResponse<InputStream> open(HttpClient client, String path, String body, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) request.header("Accept", accept);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Reads one line, failing the test when none comes within 20 s (a push query that hangs). */
  private static String line(BufferedReader reader) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return reader.readLine();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).get(20, TimeUnit.SECONDS);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("Timed out waiting for " + what);
      Thread.onSpinWait();
    }
  }

  @Test
  void pushQueryFromEarliestWithLimitStreamsHeaderAndRowsThenEndsOverHttp2() throws Exception {
    String s = stream(2);
    insert(s, "a", "home", 1);
    insert(s, "b", "about", 2);
    insert(s, "c", "shop", 3);
    var response = open(HTTP2, "/query-stream", queryBody("SELECT * FROM " + s + " EMIT CHANGES LIMIT 3;", "earliest"), null);
    assertEquals(200, response.statusCode());
    assertEquals(HttpClient.Version.HTTP_2, response.version());
    assertEquals("application/vnd.ksqlapi.delimited.v1", response.headers().firstValue("content-type").orElse("").split(";")[0]);
    try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      JsonNode header = Json.MAPPER.readTree(line(reader));
      assertTrue(header.get("queryId").asText().startsWith("transient_" + s + "_"), header.toString());
      assertEquals("[\"ID\",\"PAGE\",\"N\"]", header.get("columnNames").toString());
      assertEquals("[\"STRING\",\"STRING\",\"INTEGER\"]", header.get("columnTypes").toString());
      Set<String> rows = new TreeSet<>();
      for (int i = 0; i < 3; i++) rows.add(line(reader));
      assertEquals(Set.of("[\"a\",\"home\",1]", "[\"b\",\"about\",2]", "[\"c\",\"shop\",3]"), rows);
      assertEquals(null, line(reader), "LIMIT 3 ends the response");
    }
    await("the query to stop", () -> server.node().queries().push().runningHere() == 0);
  }

  @Test
  void pushQueryFromLatestSeesOnlyNewRowsWithFilterAndExpressionsAndEndsOnCloseQueryOverHttp1() throws Exception {
    String s = stream(3);
    insert(s, "old", "before", 5);
    var response = open(HTTP1, "/query-stream",
        queryBody("SELECT PAGE, UCASE(PAGE) AS UPPER, N * 10 AS TENFOLD FROM " + s + " WHERE N > 1 EMIT CHANGES;", null), null);
    assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      JsonNode header = Json.MAPPER.readTree(line(reader));
      String queryId = header.get("queryId").asText();
      assertEquals("[\"PAGE\",\"UPPER\",\"TENFOLD\"]", header.get("columnNames").toString());
      insert(s, "x", "skipped", 1);
      insert(s, "y", "news", 2);
      assertEquals("[\"news\",\"NEWS\",20]", line(reader));
      insert(s, "z", "more", 3);
      assertEquals("[\"more\",\"MORE\",30]", line(reader));
      var closed = post(base + "/close-query", "{\"queryId\":\"" + queryId + "\"}");
      assertEquals(200, closed.status(), closed.body());
      assertEquals(null, line(reader), "close-query ends the response");
      var again = post(base + "/close-query", "{\"queryId\":\"" + queryId + "\"}");
      assertEquals(400, again.status());
      assertEquals("No query with id " + queryId, again.json().get("message").asText());
    }
  }

  @Test
  void jsonAcceptHeaderGivesOneJsonArray() throws Exception {
    String s = stream(1);
    insert(s, "a", "home", 1);
    insert(s, "b", "about", 2);
    var response = open(HTTP2, "/query-stream", queryBody("SELECT ID, N FROM " + s + " EMIT CHANGES LIMIT 2;", "earliest"),
        "application/json");
    assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
    JsonNode all = Json.MAPPER.readTree(response.body());
    assertEquals(3, all.size(), all.toString());
    assertEquals("[\"ID\",\"N\"]", all.get(0).get("columnNames").toString());
    assertEquals("[\"a\",1]", all.get(1).toString());
    assertEquals("[\"b\",2]", all.get(2).toString());
  }

  @Test
  void olderQueryEndpointWritesHeaderRowsAndFinalMessage() throws Exception {
    String s = stream(1);
    insert(s, "a", "home", 1);
    ObjectNode body = Json.MAPPER.createObjectNode().put("ksql", "SELECT * FROM " + s + " EMIT CHANGES LIMIT 1;");
    body.putObject("streamsProperties").put("ksql.streams.auto.offset.reset", "earliest");
    var reply = post(base + "/query", body.toString());
    assertEquals(200, reply.status(), reply.body());
    JsonNode all = Json.MAPPER.readTree(reply.body());
    assertEquals("`ID` STRING, `PAGE` STRING, `N` INTEGER", all.get(0).get("header").get("schema").asText());
    assertEquals("[\"a\",\"home\",1]", all.get(1).get("row").get("columns").toString());
    assertEquals("Limit Reached", all.get(2).get("finalMessage").asText());
  }

  @Test
  void pushQueryOverATableStreamsItsChanges() throws Exception {
    String t = "T_" + suffix();
    ksql("CREATE TABLE " + t + " (ID STRING PRIMARY KEY, V INT) WITH (kafka_topic='" + t.toLowerCase()
        + "', partitions=1, value_format='JSON');");
    ksql("INSERT INTO " + t + " (ID, V) VALUES ('k', 1);");
    ksql("INSERT INTO " + t + " (ID, V) VALUES ('k', 2);");
    var response = open(HTTP2, "/query-stream", queryBody("SELECT * FROM " + t + " EMIT CHANGES LIMIT 2;", "earliest"), null);
    try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      line(reader);
      assertEquals("[\"k\",1]", line(reader));
      assertEquals("[\"k\",2]", line(reader));
    }
  }

  @Test
  void pushQueryWithAnAggregationEmitsEachUpdateOfItsGroups() throws Exception {
    String s = stream(2);
    insert(s, "a", "home", 1);
    insert(s, "b", "home", 2);
    insert(s, "c", "shop", 5);
    var response = open(HTTP2, "/query-stream",
        queryBody("SELECT PAGE, COUNT(*) AS C, SUM(N) AS TOTAL FROM " + s + " GROUP BY PAGE EMIT CHANGES;", "earliest"), null);
    try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      JsonNode header = Json.MAPPER.readTree(line(reader));
      assertEquals("[\"PAGE\",\"C\",\"TOTAL\"]", header.get("columnNames").toString());
      assertEquals("[\"STRING\",\"BIGINT\",\"INTEGER\"]", header.get("columnTypes").toString());
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < 3; i++) rows.add(line(reader));
      // Partitions are merged as they are read: "home"'s two updates keep their order, "shop" may come anywhere.
      assertTrue(rows.contains("[\"shop\",1,5]"), rows.toString());
      assertTrue(rows.indexOf("[\"home\",1,1]") >= 0 || rows.indexOf("[\"home\",1,2]") >= 0, rows.toString());
      assertTrue(rows.contains("[\"home\",2,3]"), rows.toString());
      // A new event updates its group live.
      insert(s, "d", "shop", 10);
      assertEquals("[\"shop\",2,15]", line(reader));
      post(base + "/close-query", "{\"queryId\":\"" + header.get("queryId").asText() + "\"}");
    }
  }

  @Test
  void pushQueryOverAStreamTableJoinSeesThePreloadedTableAndNewEvents() throws Exception {
    String t = "PAGES_" + suffix();
    ksql("CREATE TABLE " + t + " (PAGE STRING PRIMARY KEY, TITLE STRING) WITH (kafka_topic='" + t.toLowerCase()
        + "', partitions=2, value_format='JSON');");
    ksql("INSERT INTO " + t + " (PAGE, TITLE) VALUES ('home', 'Home page');");
    String s = stream(2);
    insert(s, "a", "home", 1);
    var response = open(HTTP2, "/query-stream", queryBody("SELECT V.ID, V.PAGE, P.TITLE FROM " + s + " V LEFT JOIN " + t
        + " P ON V.PAGE = P.PAGE EMIT CHANGES;", "earliest"), null);
    try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      JsonNode header = Json.MAPPER.readTree(line(reader));
      assertEquals("[\"ID\",\"V_PAGE\",\"TITLE\"]", header.get("columnNames").toString());
      assertEquals("[\"a\",\"home\",\"Home page\"]", line(reader));
      insert(s, "b", "about", 2);
      assertEquals("[\"b\",\"about\",null]", line(reader));
      ksql("INSERT INTO " + t + " (PAGE, TITLE) VALUES ('about', 'About us');");
      // A table change alone emits nothing in a stream-table join; later events meet it. The two logs are
      // read independently, so an event sent right after the table change may still be joined before it.
      String joined = null;
      for (int i = 0; i < 50 && joined == null; i++) {
        insert(s, "c" + i, "about", 3);
        String row = line(reader);
        if (row.endsWith("\"About us\"]")) joined = row;
        else assertEquals("[\"c" + i + "\",\"about\",null]", row);
      }
      assertTrue(joined != null && joined.startsWith("[\"c"), "the table change reached the join");
      post(base + "/close-query", "{\"queryId\":\"" + header.get("queryId").asText() + "\"}");
    }
  }

  @Test
  void clientDisconnectStopsTheQuery() throws Exception {
    String s = stream(2);
    int before = server.node().queries().push().runningHere();
    var response = open(HTTP1, "/query-stream", queryBody("SELECT * FROM " + s + " EMIT CHANGES;", null), null);
    var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    line(reader);
    assertTrue(server.node().queries().push().runningHere() > before);
    reader.close();
    await("the disconnected query to stop", () -> server.node().queries().push().runningHere() == before);
  }

  @Test
  void showQueriesListsAPushQueryAndTerminateEndsIt() throws Exception {
    String s = stream(1);
    var response = open(HTTP2, "/query-stream", queryBody("SELECT * FROM " + s + " EMIT CHANGES;", null), null);
    try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String queryId = Json.MAPPER.readTree(line(reader)).get("queryId").asText();
      List<String> pushIds = new ArrayList<>();
      await("SHOW QUERIES to list the push query", () -> {
        try {
          pushIds.clear();
          for (JsonNode q : ksql("SHOW QUERIES;").get(0).get("queries")) {
            if (q.get("queryType").asText().equals("PUSH")) pushIds.add(q.get("id").asText());
          }
          return pushIds.contains(queryId);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      ksql("TERMINATE " + queryId + ";");
      assertEquals(null, line(reader), "TERMINATE ends the response");
    }
  }

  @Test
  void errorsBeforeTheFirstRowAreKsqlErrorObjects() throws Exception {
    var unknown = open(HTTP2, "/query-stream", queryBody("SELECT * FROM NO_SUCH_STREAM EMIT CHANGES;", null), null);
    assertEquals(400, unknown.statusCode());
    JsonNode error = Json.MAPPER.readTree(unknown.body());
    assertEquals("statement_error", error.get("@type").asText());
    assertEquals(40001, error.get("error_code").asInt());
    assertEquals("NO_SUCH_STREAM does not exist.", error.get("message").asText());

    String s = stream(1);
    var badColumn = Json.MAPPER.readTree(open(HTTP2, "/query-stream", queryBody("SELECT NOPE FROM " + s + " EMIT CHANGES;", null), null)
        .body());
    assertTrue(badColumn.get("message").asText().contains("NOPE"), badColumn.toString());

    var notJson = post(base + "/query-stream", "{not json");
    assertEquals(400, notJson.status());
    assertEquals(40000, notJson.json().get("error_code").asInt());

    var badReset = open(HTTP2, "/query-stream", queryBody("SELECT * FROM " + s + " EMIT CHANGES;", "sideways"), null);
    assertEquals(400, badReset.statusCode());
    assertTrue(Json.MAPPER.readTree(badReset.body()).get("message").asText().contains("auto.offset.reset"));
  }
}

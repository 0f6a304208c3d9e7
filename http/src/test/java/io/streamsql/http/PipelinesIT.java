package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static io.streamsql.http.HttpClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.format.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Feldera's pipeline API against a real server and Cassandra: programs and their lifecycle,
 * ingress in every format, completion tokens, egress and ad-hoc queries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelinesIT {
  private static final String PROGRAM = String.join("\n",
      "-- users are keyed, clicks are a multiset",
      "CREATE TABLE users (id INT NOT NULL PRIMARY KEY, name VARCHAR, age INT);",
      "CREATE TABLE clicks (user_id INT, url VARCHAR);",
      "CREATE VIEW adults AS SELECT * FROM users WHERE age >= 18;",
      "CREATE MATERIALIZED VIEW clicks_per_user AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id;");

  /** Bodies over 4 MiB are refused (the default is 10 GiB), so one test can cross the limit cheaply. */
  private static final String CONFIG = "pekko.persistence.cassandra.query.refresh-interval = 50ms\n"
      + "streamsql.http.max-body-bytes = 4MiB\n";

  private InProcessServer server;
  private String base;

  @BeforeAll
  void startServer() throws Exception {
    server = new InProcessServer(CONFIG);
    base = server.baseUrl();
  }

  @AfterAll
  void stopServer() {
    if (server != null) server.close();
  }

  private static String name(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private HttpClients.Reply putPipeline(String name, String program) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("description", "test").put("program_code", program);
    body.putObject("runtime_config").put("workers", 2);
    return send("PUT", base + "/v0/pipelines/" + name, body.toString());
  }

  /** A pipeline with {@link #PROGRAM}, compiled and running. */
  private String runningPipeline(String prefix) throws Exception {
    String name = name(prefix);
    var created = putPipeline(name, PROGRAM);
    assertEquals(201, created.status(), created.body());
    assertEquals("Success", created.json().get("program_status").asText(), created.body());
    var started = post(base + "/v0/pipelines/" + name + "/start", "");
    assertEquals(202, started.status(), started.body());
    assertEquals("running", started.json().get("status").asText());
    return name;
  }

  private HttpClients.Reply ingress(String pipeline, String table, String query, String body) throws Exception {
    return post(base + "/v0/pipelines/" + pipeline + "/ingress/" + table + "?" + query, body);
  }

  private String ingressOk(String pipeline, String table, String query, String body) throws Exception {
    var reply = ingress(pipeline, table, query, body);
    assertEquals(200, reply.status(), reply.body());
    return reply.json().get("token").asText();
  }

  private String completion(String pipeline, String token) throws Exception {
    var reply = get(base + "/v0/pipelines/" + pipeline + "/completion_status?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    assertEquals(200, reply.status(), reply.body());
    return reply.json().get("status").asText();
  }

  /** Polls completion_status until it says complete (what a Feldera client does). */
  private void awaitComplete(String pipeline, String token) throws Exception {
    Polling.until(java.time.Duration.ofSeconds(120), java.time.Duration.ofMillis(50), "the token completes",
        () -> completion(pipeline, token).equals("complete"));
  }

  private List<JsonNode> query(String pipeline, String sql) throws Exception {
    var reply = get(base + "/v0/pipelines/" + pipeline + "/query?format=json&sql=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
    assertEquals(200, reply.status(), reply.body());
    List<JsonNode> rows = new ArrayList<>(reply.lines());
    rows.sort(Comparator.comparing(JsonNode::toString));
    return rows;
  }

  @Test
  void aProgramDeploysAndFollowsItsLifecycle() throws Exception {
    String name = name("life");
    var created = putPipeline(name, PROGRAM);
    assertEquals(201, created.status(), created.body());
    assertEquals("stopped", created.json().get("status").asText());
    assertEquals("Success", created.json().get("program_status").asText());
    assertEquals(2, created.json().path("runtime_config").path("workers").asInt());
    var listed = get(base + "/v0/pipelines");
    assertTrue(listed.body().contains("\"" + name + "\""), listed.body());
    // A stopped pipeline takes no input.
    var refused = ingress(name, "users", "format=json", "{\"insert\": {\"id\": 1, \"name\": \"a\", \"age\": 3}}");
    assertEquals(409, refused.status(), refused.body());
    assertEquals("pipeline_not_running", refused.json().get("error_code").asText());
    assertEquals("running", post(base + "/v0/pipelines/" + name + "/start", "").json().get("status").asText());
    assertEquals("paused", post(base + "/v0/pipelines/" + name + "/pause", "").json().get("status").asText());
    assertEquals("paused", get(base + "/v0/pipelines/" + name).json().get("status").asText());
    assertEquals("stopped", post(base + "/v0/pipelines/" + name + "/stop", "").json().get("status").asText());
    var deleted = send("DELETE", base + "/v0/pipelines/" + name, null);
    assertEquals(200, deleted.status(), deleted.body());
    var gone = get(base + "/v0/pipelines/" + name);
    assertEquals(404, gone.status(), gone.body());
    assertEquals("pipeline_not_found", gone.json().get("error_code").asText());
  }

  @Test
  void aProgramErrorHasLineAndColumnAndThePreviousVersionKeepsServing() throws Exception {
    String name = runningPipeline("err");
    String token = ingressOk(name, "users", "format=json", "{\"insert\": {\"id\": 1, \"name\": \"ann\", \"age\": 30}}");
    awaitComplete(name, token);
    String broken = PROGRAM + "\nCREATE VIEW bad AS\n  SELECT nosuchcolumn FROM users;";
    var replaced = putPipeline(name, broken);
    assertEquals(200, replaced.status(), replaced.body());
    JsonNode p = replaced.json();
    assertEquals("SqlError", p.get("program_status").asText(), replaced.body());
    assertEquals(6, p.path("program_error").path("line").asInt(), replaced.body());
    assertTrue(p.path("program_error").path("column").asInt() >= 1, replaced.body());
    assertEquals(1, p.get("deployed_program_version").asInt());
    assertEquals("running", p.get("status").asText());
    // Version 1 still takes input and answers queries.
    String token2 = ingressOk(name, "users", "format=json", "{\"insert\": {\"id\": 2, \"name\": \"bob\", \"age\": 40}}");
    awaitComplete(name, token2);
    assertEquals(2, query(name, "SELECT * FROM adults").size());
    // A pipeline whose only program is broken reports failed and cannot start.
    String other = name("broken");
    var failed = putPipeline(other, "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v FANCYTYPE);");
    assertEquals("failed", failed.json().get("status").asText(), failed.body());
    assertEquals(1, failed.json().path("program_error").path("line").asInt(), failed.body());
    assertEquals(400, post(base + "/v0/pipelines/" + other + "/start", "").status());
  }

  @Test
  void insertDeleteUpsertsAndDeletesAndTheViewsFollow() throws Exception {
    String name = runningPipeline("ins");
    ingressOk(name, "users", "format=json", String.join("\n",
        "{\"insert\": {\"id\": 1, \"name\": \"ann\", \"age\": 30}}",
        "{\"insert\": {\"id\": 2, \"name\": \"bob\", \"age\": 12}}",
        "{\"insert\": {\"ID\": 3, \"NAME\": \"cy\", \"AGE\": 50}}"));
    String token = ingressOk(name, "USERS", "format=json&update_format=insert_delete", String.join("\n",
        "{\"delete\": {\"id\": 3}}",
        "{\"insert\": {\"id\": 2, \"name\": \"bob\", \"age\": 18}}"));
    awaitComplete(name, token);
    List<JsonNode> adults = query(name, "SELECT * FROM adults");
    assertEquals(2, adults.size(), adults.toString());
    assertEquals(1, adults.get(0).get("ID").asInt());
    assertEquals("bob", adults.get(1).get("NAME").asText());
    assertEquals(2, query(name, "SELECT * FROM users").size());
  }

  @Test
  void everyUpdateFormatAndCsvFeedTheTables() throws Exception {
    String name = runningPipeline("fmt");
    ingressOk(name, "users", "format=json&update_format=raw", "{\"id\": 1, \"name\": \"raw\", \"age\": 20} {\"id\": 2, \"name\": \"raw2\", \"age\": 21}");
    ingressOk(name, "users", "format=json&update_format=raw&array=true", "[{\"id\": 3, \"name\": \"arr\", \"age\": 22}, {\"id\": 4, \"name\": \"arr2\", \"age\": 23}]");
    ingressOk(name, "users", "format=json&update_format=weighted", "{\"weight\": 1, \"data\": {\"id\": 5, \"name\": \"w\", \"age\": 24}}\n"
        + "{\"weight\": -1, \"data\": {\"id\": 4}}");
    ingressOk(name, "users", "format=json&update_format=debezium", String.join("\n",
        "{\"payload\": {\"op\": \"c\", \"after\": {\"id\": 6, \"name\": \"dbz\", \"age\": 25}}}",
        "{\"payload\": {\"op\": \"u\", \"before\": {\"id\": 6, \"name\": \"dbz\", \"age\": 25}, \"after\": {\"id\": 6, \"name\": \"dbz2\", \"age\": 26}}}",
        "{\"payload\": {\"op\": \"d\", \"before\": {\"id\": 1, \"name\": \"raw\", \"age\": 20}}}"));
    ingressOk(name, "users", "format=csv", "7,csv,27\n8,\"quoted, name\",28\n");
    // Multiset: the same click twice counts twice; a weight of 3 is three copies.
    ingressOk(name, "clicks", "format=json", "{\"insert\": {\"user_id\": 1, \"url\": \"/a\"}}\n{\"insert\": {\"user_id\": 1, \"url\": \"/a\"}}");
    String token = ingressOk(name, "clicks", "format=json&update_format=weighted", "{\"weight\": 3, \"data\": {\"user_id\": 2, \"url\": \"/b\"}}");
    String all = post(base + "/v0/pipelines/" + name + "/completion_token", "").json().get("token").asText();
    awaitComplete(name, token);
    awaitComplete(name, all);
    List<JsonNode> users = query(name, "SELECT id, name FROM users");
    List<String> names = users.stream().map(u -> u.get("ID").asInt() + ":" + u.get("NAME").asText()).sorted().toList();
    assertEquals(List.of("2:raw2", "3:arr", "5:w", "6:dbz2", "7:csv", "8:quoted, name"), names);
    List<JsonNode> counts = query(name, "SELECT * FROM clicks_per_user");
    assertEquals(2, counts.size(), counts.toString());
    assertEquals(2, counts.get(0).get("N").asInt(), counts.toString());
    assertEquals(3, counts.get(1).get("N").asInt(), counts.toString());
    assertEquals(5, query(name, "SELECT * FROM clicks").size());
  }

  @Test
  void aBadRecordIs400NamingItAfterTheRecordsBeforeItAreIngested() throws Exception {
    String name = runningPipeline("bad");
    var reply = ingress(name, "users", "format=json", String.join("\n",
        "{\"insert\": {\"id\": 1, \"name\": \"ok\", \"age\": 30}}",
        "{\"insert\": {\"id\": 2, \"name\": \"ok2\", \"age\": 31}}",
        "{\"insert\": {\"id\": 3, \"name\": \"bad\", \"age\": \"not a number\"}}",
        "{\"insert\": {\"id\": 4, \"name\": \"after\", \"age\": 33}}"));
    assertEquals(400, reply.status(), reply.body());
    JsonNode error = reply.json();
    assertTrue(error.get("message").asText().contains("Record 3"), reply.body());
    assertEquals(3, error.path("details").path("record").asInt(), reply.body());
    assertEquals(2, error.path("details").path("ingested_records").asInt(), reply.body());
    assertNotNull(error.get("error_code"));
    awaitComplete(name, error.path("details").path("token").asText());
    assertEquals(List.of(1, 2), query(name, "SELECT id FROM users").stream().map(r -> r.get("ID").asInt()).sorted().toList());
    // A missing NOT NULL key, malformed JSON, a delete from a multiset: each refused with its record.
    var noKey = ingress(name, "users", "format=json", "{\"insert\": {\"name\": \"nokey\"}}");
    assertEquals(400, noKey.status(), noKey.body());
    var malformed = ingress(name, "users", "format=json", "{\"insert\": {\"id\": 5, ");
    assertEquals(400, malformed.status(), malformed.body());
    var multisetDelete = ingress(name, "clicks", "format=json", "{\"delete\": {\"user_id\": 1, \"url\": \"/a\"}}");
    assertEquals(400, multisetDelete.status(), multisetDelete.body());
    var badFormat = ingress(name, "users", "format=xml", "x");
    assertEquals(400, badFormat.status(), badFormat.body());
  }

  @Test
  void aBodyOverTheLimitIs413AfterTheRecordsBeforeTheLimitAreIngested() throws Exception {
    String name = runningPipeline("big");
    StringBuilder body = new StringBuilder();
    for (int i = 0; body.length() < 5 * 1024 * 1024; i++) {
      body.append("{\"insert\": {\"id\": ").append(i).append(", \"name\": \"").append("x".repeat(40)).append("\", \"age\": 20}}\n");
    }
    var reply = ingress(name, "users", "format=json", body.toString());
    assertEquals(413, reply.status(), reply.body().substring(0, Math.min(500, reply.body().length())));
    JsonNode details = reply.json().get("details");
    long ingested = details.get("ingested_records").asLong();
    assertTrue(ingested > 0, reply.body());
    awaitComplete(name, details.get("token").asText());
    assertEquals(ingested, query(name, "SELECT id FROM users").size());
  }

  @Test
  void unknownPipelineOrTableIs404AndAViewTakesNoInput() throws Exception {
    String name = runningPipeline("nf");
    var noPipeline = ingress(name("nosuch"), "users", "format=json", "{}");
    assertEquals(404, noPipeline.status(), noPipeline.body());
    var noTable = ingress(name, "nosuch", "format=json", "{}");
    assertEquals(404, noTable.status(), noTable.body());
    var view = ingress(name, "adults", "format=json", "{}");
    assertEquals(404, view.status(), view.body());
    // Table names follow SQL rules: unquoted is upper-cased, so "Users" is USERS.
    ingressOk(name, "Users", "format=json", "{\"insert\": {\"id\": 1, \"name\": \"a\", \"age\": 1}}");
  }

  @Test
  void aPausedPipelineRefusesIngressUnlessForced() throws Exception {
    String name = runningPipeline("pause");
    post(base + "/v0/pipelines/" + name + "/pause", "");
    var refused = ingress(name, "users", "format=json", "{\"insert\": {\"id\": 1, \"name\": \"a\", \"age\": 20}}");
    assertEquals(409, refused.status(), refused.body());
    assertEquals("pipeline_paused", refused.json().get("error_code").asText());
    String token = ingressOk(name, "users", "format=json&force=true", "{\"insert\": {\"id\": 1, \"name\": \"a\", \"age\": 20}}");
    awaitComplete(name, token);
    assertEquals(1, query(name, "SELECT * FROM adults").size());
  }

  @Test
  void twoPipelinesHaveTheirOwnTablesOfTheSameName() throws Exception {
    String a = runningPipeline("twa");
    String b = runningPipeline("twb");
    String ta = ingressOk(a, "users", "format=json", "{\"insert\": {\"id\": 1, \"name\": \"in-a\", \"age\": 20}}");
    String tb = ingressOk(b, "users", "format=json", "{\"insert\": {\"id\": 1, \"name\": \"in-b\", \"age\": 20}}\n"
        + "{\"insert\": {\"id\": 2, \"name\": \"in-b2\", \"age\": 20}}");
    awaitComplete(a, ta);
    awaitComplete(b, tb);
    assertEquals(List.of("in-a"), query(a, "SELECT * FROM adults").stream().map(r -> r.get("NAME").asText()).toList());
    assertEquals(2, query(b, "SELECT * FROM adults").size());
    // A token of one pipeline is refused by another.
    var reply = get(base + "/v0/pipelines/" + b + "/completion_status?token=" + URLEncoder.encode(ta, StandardCharsets.UTF_8));
    assertEquals(400, reply.status(), reply.body());
  }

  @Test
  void aLargeIngressTokenTurnsCompleteAndEveryRowIsThere() throws Exception {
    String name = runningPipeline("large");
    StringBuilder body = new StringBuilder();
    int rows = 30_000;
    for (int i = 0; i < rows; i++) {
      body.append("{\"insert\": {\"id\": ").append(i).append(", \"name\": \"user").append(i).append("\", \"age\": ").append(i % 40)
          .append("}}\n");
    }
    String token = ingressOk(name, "users", "format=json", body.toString());
    awaitComplete(name, token);
    long expectedAdults = java.util.stream.IntStream.range(0, rows).filter(i -> i % 40 >= 18).count();
    assertEquals(expectedAdults, query(name, "SELECT id FROM adults").size());
  }

  @Test
  void egressStreamsInsertsAndDeletesOfAView() throws Exception {
    String name = runningPipeline("egr");
    String token = ingressOk(name, "users", "format=json", "{\"insert\": {\"id\": 1, \"name\": \"before\", \"age\": 30}}");
    awaitComplete(name, token);
    BlockingQueue<JsonNode> changes = new LinkedBlockingQueue<>();
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v0/pipelines/" + name + "/egress/adults?format=json"))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    CompletableFuture<HttpResponse<Stream<String>>> response = HttpClients.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> open = response.get(30, TimeUnit.SECONDS);
    assertEquals(200, open.statusCode());
    Thread reader = new Thread(() -> open.body().filter(l -> !l.isBlank()).forEach(line -> {
      try {
        JsonNode chunk = Json.MAPPER.readTree(line);
        for (JsonNode c : chunk.get("json_data")) changes.add(((ObjectNode) c).put("chunk", chunk.get("sequence_number").asLong()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), "egress-reader");
    reader.setDaemon(true);
    reader.start();
    ingressOk(name, "users", "format=json", String.join("\n",
        "{\"insert\": {\"id\": 2, \"name\": \"new\", \"age\": 40}}",
        "{\"insert\": {\"id\": 1, \"name\": \"before\", \"age\": 31}}",
        "{\"delete\": {\"id\": 2}}"));
    List<String> seen = new ArrayList<>();
    java.util.Map<String, Long> chunkOf = new java.util.HashMap<>();
    while (seen.size() < 4) {
      JsonNode c = changes.poll(60, TimeUnit.SECONDS);
      assertNotNull(c, "egress delivered " + seen);
      String kind = c.has("insert") ? "insert" : "delete";
      JsonNode row = c.get(kind);
      String change = kind + ":" + row.get("ID").asInt() + ":" + row.get("AGE").asInt();
      seen.add(change);
      chunkOf.put(change, c.get("chunk").asLong());
    }
    assertEquals(chunkOf.get("delete:1:30"), chunkOf.get("insert:1:31"), "an update's delete and insert travel in one chunk");
    // Keys live in different partitions, so only the order per key is fixed.
    assertEquals(List.of("delete:1:30", "delete:2:40", "insert:1:31", "insert:2:40"), seen.stream().sorted().toList(), seen.toString());
    assertTrue(seen.indexOf("insert:2:40") < seen.indexOf("delete:2:40"), seen.toString());
    assertTrue(seen.indexOf("delete:1:30") < seen.indexOf("insert:1:31"), "an update is a delete of the old row, then the new: " + seen);
    assertFalse(seen.contains("insert:1:30"), "the row that was there before the egress opened is not sent again: " + seen);
    open.body().close();
    // Snapshot mode: the current content, then the response ends.
    var snapshot = post(base + "/v0/pipelines/" + name + "/egress/adults?format=json&mode=snapshot", "");
    assertEquals(200, snapshot.status(), snapshot.body());
    List<String> rows = new ArrayList<>();
    for (JsonNode chunk : snapshot.lines()) for (JsonNode c : chunk.get("json_data")) rows.add(c.get("insert").get("NAME").asText());
    assertEquals(List.of("before"), rows);
  }

  @Test
  void aTokenSurvivesARestartOfTheServer() throws Exception {
    String name = runningPipeline("restart");
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 5000; i++) body.append("{\"insert\": {\"id\": ").append(i).append(", \"name\": \"n\", \"age\": 20}}\n");
    String token = ingressOk(name, "users", "format=json", body.toString());
    server.close();
    server = null;
    server = new InProcessServer(CONFIG);
    base = server.baseUrl();
    awaitComplete(name, token);
    assertEquals(5000, query(name, "SELECT id FROM adults").size());
  }
}

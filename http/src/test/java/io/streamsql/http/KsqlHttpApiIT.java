package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.format.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** ksqlDB's POST /ksql over real HTTP, on a node backed by the real Cassandra. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KsqlHttpApiIT {
  private InProcessServer server;
  private String base;

  @BeforeAll
  void startServer() throws Exception {
    server = new InProcessServer("pekko.persistence.cassandra.query.refresh-interval = 50ms\n");
    base = server.baseUrl();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  private HttpClients.Reply ksql(String sql) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode().put("ksql", sql);
    body.putObject("streamsProperties");
    return post(base + "/ksql", body.toString());
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  /** Reads a topic until it holds {@code count} records (the server waits up to timeout_ms for them). */
  private List<JsonNode> records(String topic, int count) throws Exception {
    var r = get(base + "/v1/topics/" + topic + "/records?from=earliest&limit=" + count + "&timeout_ms=20000");
    assertEquals(200, r.status(), r.body());
    return r.lines();
  }

  @Test
  void createStreamAsSelectFiltersProjectsAndWritesItsSink() throws Exception {
    String s = suffix();
    var created = ksql("CREATE STREAM SRC_" + s + " (K STRING KEY, ID INT, NAME STRING) WITH (kafka_topic='in_" + s
        + "', partitions=2, value_format='JSON');\n"
        + "CREATE STREAM OUT_" + s + " AS SELECT K, UCASE(NAME) AS UPPER_NAME, ID * 10 AS TENFOLD FROM SRC_" + s + " WHERE ID > 1;");
    assertEquals(200, created.status(), created.body());
    JsonNode entities = created.json();
    assertEquals(2, entities.size());
    assertEquals("currentStatus", entities.get(0).get("@type").asText());
    assertEquals("Stream created", entities.get(0).path("commandStatus").path("message").asText());
    String queryId = entities.get(1).path("commandStatus").path("queryId").asText();
    assertTrue(queryId.matches("CSAS_OUT_" + s + "_[0-9]+"), queryId);

    var appended = post(base + "/v1/topics/in_" + s + "/records", """
        {"key":"a","value":{"ID":1,"NAME":"one"}}
        {"key":"b","value":{"ID":2,"NAME":"two"}}
        {"key":"c","value":{"ID":3,"NAME":"three"}}
        """);
    assertEquals(200, appended.status(), appended.body());
    List<JsonNode> out = records("OUT_" + s, 2);
    assertEquals(2, out.size(), out.toString());
    var byKey = new java.util.TreeMap<String, JsonNode>();
    for (JsonNode r : out) byKey.put(r.get("key").asText(), r.get("value"));
    assertEquals("{\"UPPER_NAME\":\"TWO\",\"TENFOLD\":20}", byKey.get("b").toString());
    assertEquals("{\"UPPER_NAME\":\"THREE\",\"TENFOLD\":30}", byKey.get("c").toString());

    var explained = ksql("EXPLAIN " + queryId + ";").json().get(0);
    assertEquals("queryDescription", explained.get("@type").asText(), explained.toString());
    assertEquals("[\"SRC_" + s + "\"]", explained.get("queryDescription").get("sources").toString());
    var queries = ksql("SHOW QUERIES;").json().get(0);
    assertEquals("queries", queries.get("@type").asText());
    assertTrue(queries.get("queries").toString().contains(queryId));
    var described = ksql("DESCRIBE OUT_" + s + ";").json().get(0).get("sourceDescription");
    assertEquals("[\"K\",\"UPPER_NAME\",\"TENFOLD\"]", Json.MAPPER.valueToTree(
        described.get("fields").findValuesAsText("name")).toString());
    assertEquals(queryId, described.get("writeQueries").get(0).get("id").asText());
  }

  @Test
  void statementErrorsUseKsqlDbsShapeAndNameTheExpression() throws Exception {
    String s = suffix();
    assertEquals(200, ksql("CREATE STREAM E_" + s + " (K STRING KEY, NAME STRING) WITH (kafka_topic='e_" + s
        + "', partitions=1, value_format='JSON');").status());
    var typeError = ksql("CREATE STREAM EO_" + s + " AS SELECT K, NAME + 1 AS X FROM E_" + s + ";");
    assertEquals(400, typeError.status(), typeError.body());
    JsonNode error = typeError.json();
    assertEquals("statement_error", error.get("@type").asText());
    assertEquals(40001, error.get("error_code").asInt());
    assertTrue(error.get("message").asText().contains("NAME + 1"), error.toString());
    assertTrue(error.get("statementText").asText().startsWith("CREATE STREAM EO_" + s), error.toString());

    var syntax = ksql("CREATE STREAM oops WITH (;");
    assertEquals(400, syntax.status());
    assertTrue(syntax.json().get("message").asText().startsWith("line 1:"), syntax.body());

    var missingTopic = ksql("CREATE STREAM M_" + s + " (K STRING KEY, V INT) WITH (kafka_topic='none_" + s + "', value_format='JSON');");
    assertEquals(400, missingTopic.status());
    assertTrue(missingTopic.json().get("message").asText().contains("does not exist"), missingTopic.body());
  }

  @Test
  void dropIsRefusedWhileAQueryReadsTheSourceAndAllowedAfterTerminate() throws Exception {
    String s = suffix();
    var created = ksql("CREATE STREAM D_" + s + " (K STRING KEY, V INT) WITH (kafka_topic='d_" + s + "', partitions=1, value_format='JSON');"
        + "CREATE STREAM DO_" + s + " AS SELECT * FROM D_" + s + ";");
    assertEquals(200, created.status(), created.body());
    String queryId = created.json().get(1).path("commandStatus").path("queryId").asText();
    var refused = ksql("DROP STREAM D_" + s + ";");
    assertEquals(400, refused.status());
    assertTrue(refused.json().get("message").asText().contains("The following queries read from this source: [" + queryId + "]"),
        refused.body());
    assertEquals(200, ksql("TERMINATE " + queryId + ";").status());
    var dropped = ksql("DROP STREAM D_" + s + ";");
    assertEquals(200, dropped.status(), dropped.body());
    assertTrue(ksql("SHOW STREAMS;").body().contains("DO_" + s));
    assertTrue(!ksql("SHOW STREAMS;").body().contains("\"D_" + s + "\""));
  }

  @Test
  void insertValuesAndVariablesFeedAQueryAndBadRecordsGoToTheProcessingLog() throws Exception {
    String s = suffix();
    var script = post(base + "/ksql", "{\"ksql\":\"DEFINE topic = 'v_" + s + "'; CREATE STREAM V_" + s
        + " (K INT KEY, N INT) WITH (kafka_topic='${topic}', partitions=1, value_format='JSON'); CREATE STREAM VO_" + s
        + " AS SELECT K, N + 1 AS M FROM V_" + s + "; INSERT INTO V_" + s + " (K, N) VALUES (7, 41);\","
        + "\"sessionVariables\":{}}");
    assertEquals(200, script.status(), script.body());
    assertEquals(200, post(base + "/v1/topics/v_" + s + "/records", "{\"key\":8,\"value\":{\"N\":\"not a number\"}}").status());
    List<JsonNode> out = records("VO_" + s, 1);
    assertEquals(7, out.get(0).get("key").asInt());
    assertEquals(42, out.get(0).get("value").get("M").asInt());

    String queryId = script.json().get(1).path("commandStatus").path("queryId").asText();
    boolean logged = false;
    for (int attempt = 0; attempt < 100 && !logged; attempt++) {
      var log = get(base + "/v1/topics/streamsql_processing_log/records?from=earliest&limit=100000&timeout_ms=200");
      logged = log.status() == 200 && log.body().contains(queryId) && log.body().contains("not a number");
    }
    assertTrue(logged, "the bad record is in the processing log");
  }

  @Test
  void aDynamicTableIsASourceAndProjectsIntoAnotherTableWithUpdatesAndDeletes() throws Exception {
    String s = suffix();
    String table = "dyn_" + s.toLowerCase();
    assertEquals(201, post(base + "/v1/tables", "{\"name\":\"" + table + "\",\"primary_key\":\"id\",\"partitions\":2}").status());
    assertEquals(200, post(base + "/v1/tables/" + table + "/rows", "{\"id\":\"a\",\"n\":1}\n{\"id\":\"b\",\"n\":2}").status());
    var created = ksql("CREATE TABLE DT_" + s + " (ID STRING PRIMARY KEY, N INT) WITH (kafka_topic='" + table + "', value_format='JSON');"
        + "CREATE TABLE DT2_" + s + " AS SELECT ID, N * 10 AS N10 FROM DT_" + s + " WHERE N > 1;");
    assertEquals(200, created.status(), created.body());
    assertEquals(200, post(base + "/v1/tables/" + table + "/rows", "{\"id\":\"b\",\"n\":3}").status());
    assertEquals(200, HttpClients.send("DELETE", base + "/v1/tables/" + table + "/rows/%22b%22", null).status());
    // a: filtered out (a tombstone, as ksqlDB's table filter emits); b: 20, then 30, then deleted.
    List<JsonNode> out = records("DT2_" + s, 4);
    var b = out.stream().filter(r -> r.get("key").asText().equals("b")).map(r -> r.get("value").toString()).toList();
    assertEquals(List.of("{\"N10\":20}", "{\"N10\":30}", "null"), b, out.toString());
    assertTrue(out.stream().anyMatch(r -> r.get("key").asText().equals("a") && r.get("value").isNull()), out.toString());
  }

  @Test
  void aStreamJoinsAPinnedVersionOfAnImmutableTableOrTheNewestOneWhenTheQueryStarts() throws Exception {
    String s = suffix();
    String cities = "cities_" + s.toLowerCase();
    assertEquals(201, post(base + "/v1/tables", "{\"name\":\"" + cities + "\",\"primary_key\":\"code\",\"partitions\":2,"
        + "\"immutable\":true,\"version\":1,\"data\":[{\"code\":\"a\",\"name\":\"A1\"},{\"code\":\"b\",\"name\":\"B1\"}]}").status());
    assertEquals(201, post(base + "/v1/tables/" + cities + "/versions",
        "{\"version\":2,\"data\":[{\"code\":\"a\",\"name\":\"A2\"},{\"code\":\"b\",\"name\":\"B2\"}]}").status());
    var created = ksql("CREATE STREAM EV_" + s + " (ID STRING KEY, CITY STRING) WITH (kafka_topic='ev_" + s + "', partitions=2, "
        + "value_format='JSON');\n"
        + "CREATE TABLE C1_" + s + " (CODE STRING PRIMARY KEY, NAME STRING) WITH (kafka_topic='" + cities + "', value_format='JSON', "
        + "VERSION=1);\n"
        + "CREATE TABLE CL_" + s + " (CODE STRING PRIMARY KEY, NAME STRING) WITH (kafka_topic='" + cities + "', value_format='JSON');\n"
        + "CREATE STREAM E1_" + s + " AS SELECT e.CITY, e.ID AS EV, c.NAME FROM EV_" + s + " e JOIN C1_" + s + " c ON e.CITY = c.CODE;\n"
        + "CREATE STREAM EL_" + s + " AS SELECT e.CITY, e.ID AS EV, c.NAME FROM EV_" + s + " e LEFT JOIN CL_" + s + " c ON e.CITY = c.CODE;");
    assertEquals(200, created.status(), created.body());
    assertEquals(200, post(base + "/v1/topics/ev_" + s + "/records", """
        {"key":"e1","value":{"CITY":"a"}}
        {"key":"e2","value":{"CITY":"b"}}
        {"key":"e3","value":{"CITY":"z"}}
        """).status());
    var pinned = new java.util.TreeMap<String, String>();
    for (JsonNode r : records("E1_" + s, 2)) pinned.put(r.get("key").asText(), r.get("value").toString());
    assertEquals(Map.of("a", "{\"EV\":\"e1\",\"NAME\":\"A1\"}", "b", "{\"EV\":\"e2\",\"NAME\":\"B1\"}"), pinned,
        "version 1, and no row for an unknown city");
    var newest = new java.util.TreeMap<String, String>();
    for (JsonNode r : records("EL_" + s, 3)) newest.put(r.get("key").asText(), r.get("value").toString());
    assertEquals(Map.of("a", "{\"EV\":\"e1\",\"NAME\":\"A2\"}", "b", "{\"EV\":\"e2\",\"NAME\":\"B2\"}",
        "z", "{\"EV\":\"e3\",\"NAME\":null}"), newest);

    var insert = ksql("INSERT INTO C1_" + s + " (CODE, NAME) VALUES ('c', 'C');");
    assertEquals(400, insert.status(), insert.body());
    var missing = ksql("CREATE TABLE C9_" + s + " (CODE STRING PRIMARY KEY, NAME STRING) WITH (kafka_topic='" + cities
        + "', value_format='JSON', VERSION=9);");
    assertEquals(400, missing.status(), missing.body());
    assertTrue(missing.body().contains("has no version 9"), missing.body());
  }

  @Test
  void aQueryWhoseSinkNeedsQuotesCanBeTerminatedQuotedAndItsSourcesDropped() throws Exception {
    String s = suffix();
    var created = ksql("CREATE STREAM Q_" + s + " (K STRING KEY, V INT) WITH (kafka_topic='q_" + s + "', partitions=1, value_format='JSON');"
        + "CREATE STREAM \"q-out-" + s.toLowerCase() + "\" AS SELECT * FROM Q_" + s + ";");
    assertEquals(200, created.status(), created.body());
    String queryId = created.json().get(1).path("commandStatus").path("queryId").asText();
    assertTrue(queryId.matches("CSAS_Q-OUT-" + s + "_[0-9]+"), queryId);
    var explained = ksql("EXPLAIN \"" + queryId + "\";");
    assertEquals(200, explained.status(), explained.body());
    var terminated = ksql("TERMINATE \"" + queryId.toLowerCase() + "\";");
    assertEquals(200, terminated.status(), terminated.body());
    assertEquals(200, ksql("DROP STREAM Q_" + s + ";").status());
    var dropped = ksql("DROP STREAM \"q-out-" + s.toLowerCase() + "\";");
    assertEquals(200, dropped.status(), dropped.body());
  }

  @Test
  void customTypesAlterAndExplainOfAStatement() throws Exception {
    String s = suffix();
    var type = ksql("CREATE TYPE ADDR_" + s + " AS STRUCT<street STRING, zip INT>;");
    assertEquals(200, type.status(), type.body());
    assertTrue(ksql("SHOW TYPES;").json().get(0).get("types").has("ADDR_" + s), "SHOW TYPES lists it");
    var again = ksql("CREATE TYPE ADDR_" + s + " AS INT;");
    assertEquals(400, again.status(), again.body());
    assertEquals(200, ksql("CREATE TYPE IF NOT EXISTS ADDR_" + s + " AS INT;").status());

    var created = ksql("CREATE STREAM T_" + s + " (K STRING KEY, HOME ADDR_" + s + ") WITH (kafka_topic='t_" + s
        + "', partitions=1, value_format='JSON');");
    assertEquals(200, created.status(), created.body());
    var altered = ksql("ALTER STREAM T_" + s + " ADD COLUMN N INT;");
    assertEquals(200, altered.status(), altered.body());
    var fields = ksql("DESCRIBE T_" + s + ";").json().get(0).get("sourceDescription").get("fields");
    List<String> names = new java.util.ArrayList<>();
    fields.forEach(f -> names.add(f.get("name").asText()));
    assertEquals(List.of("K", "HOME", "N"), names);
    assertEquals("STRUCT", fields.get(1).get("schema").get("type").asText());
    var duplicate = ksql("ALTER STREAM T_" + s + " ADD COLUMN N STRING;");
    assertEquals(400, duplicate.status(), duplicate.body());
    assertTrue(duplicate.json().get("message").asText().contains("A column with the same name already exists"), duplicate.body());

    var explained = ksql("EXPLAIN CREATE STREAM TO_" + s + " AS SELECT K, HOME->ZIP AS ZIP FROM T_" + s + ";");
    assertEquals(200, explained.status(), explained.body());
    var description = explained.json().get(0).get("queryDescription");
    assertEquals("[\"K\",\"ZIP\"]", Json.MAPPER.valueToTree(description.get("fields").findValuesAsText("name")).toString());
    assertTrue(!ksql("SHOW STREAMS;").body().contains("TO_" + s), "EXPLAIN does not create the stream");

    assertEquals(200, ksql("DROP TYPE ADDR_" + s + ";").status());
    assertTrue(!ksql("SHOW TYPES;").json().get(0).get("types").has("ADDR_" + s));
    assertEquals(200, ksql("DESCRIBE T_" + s + ";").status(), "a source keeps its columns when a type it used is dropped");
  }

  @Test
  void headersWrittenOnTopicsReachHeaderColumns() throws Exception {
    String s = suffix();
    var created = ksql("CREATE STREAM H_" + s + " (K STRING KEY, V INT, SRC BYTES HEADER('src')) WITH (kafka_topic='h_" + s
        + "', partitions=1, value_format='JSON'); CREATE STREAM HO_" + s + " AS SELECT K, V, SRC FROM H_" + s + ";");
    assertEquals(200, created.status(), created.body());
    var appended = post(base + "/v1/topics/h_" + s + "/records",
        "{\"key\":\"a\",\"value\":{\"V\":1},\"headers\":{\"src\":\"YWJj\"}}\n{\"key\":\"b\",\"value\":{\"V\":2}}");
    assertEquals(200, appended.status(), appended.body());
    var raw = records("h_" + s, 2);
    assertEquals("{\"src\":\"YWJj\"}", raw.get(0).get("headers").toString(), "reads show the headers a record carries");
    assertTrue(!raw.get(1).has("headers"), raw.get(1).toString());
    var byKey = new java.util.TreeMap<String, JsonNode>();
    for (JsonNode r : records("HO_" + s, 2)) byKey.put(r.get("key").asText(), r.get("value"));
    assertEquals("{\"V\":1,\"SRC\":\"YWJj\"}", byKey.get("a").toString());
    assertEquals("{\"V\":2,\"SRC\":null}", byKey.get("b").toString());
    var bad = post(base + "/v1/topics/h_" + s + "/records", "{\"key\":\"c\",\"value\":{\"V\":3},\"headers\":{\"src\":\"***\"}}");
    assertEquals(400, bad.status(), bad.body());
    assertEquals("malformed_record", bad.json().get("error_code").asText());
  }

  @Test
  void infoAnswersLikeKsqlDb() throws Exception {
    var info = get(base + "/info");
    assertEquals(200, info.status());
    assertEquals("RUNNING", info.json().get("KsqlServerInfo").get("serverStatus").asText());
  }
}

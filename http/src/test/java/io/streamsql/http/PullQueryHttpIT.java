package io.streamsql.http;

import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.format.Json;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Pull queries over HTTP: a key lookup of an aggregation on /query-stream and /query, and a refusal as ksqlDB's statement error. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullQueryHttpIT {
  private InProcessServer server;
  private String base;
  private String table;

  @BeforeAll
  void start() throws Exception {
    server = new InProcessServer("");
    base = server.baseUrl();
    String suffix = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    String stream = "PV_" + suffix;
    table = "BY_PAGE_" + suffix;
    ksql("CREATE STREAM " + stream + " (ID STRING KEY, PAGE STRING, MS BIGINT) WITH (kafka_topic='" + stream.toLowerCase()
        + "', partitions=2, value_format='JSON');"
        + "CREATE TABLE " + table + " AS SELECT PAGE, COUNT(*) AS VIEWS, SUM(MS) AS TOTAL_MS FROM " + stream + " GROUP BY PAGE;"
        + "INSERT INTO " + stream + " (ID, PAGE, MS) VALUES ('a', '/docs', 30);"
        + "INSERT INTO " + stream + " (ID, PAGE, MS) VALUES ('b', '/docs', 12);"
        + "INSERT INTO " + stream + " (ID, PAGE, MS) VALUES ('c', '/', 5);");
    // The aggregation catches up asynchronously: wait until the lookup sees both /docs views.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!queryStream("SELECT VIEWS FROM " + table + " WHERE PAGE = '/docs';").body().contains("[2]")) {
      if (System.nanoTime() > deadline) throw new AssertionError("the aggregation never counted both /docs views");
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private void ksql(String sql) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode().put("ksql", sql);
    var reply = post(base + "/ksql", body.toString());
    assertEquals(200, reply.status(), reply.body());
  }

  private HttpClients.Reply queryStream(String sql) throws Exception {
    return post(base + "/query-stream", Json.MAPPER.createObjectNode().put("sql", sql).toString());
  }

  @Test
  void keyLookupOnQueryStreamGivesTheHeaderAndTheRowThenEnds() throws Exception {
    var reply = queryStream("SELECT * FROM " + table + " WHERE PAGE = '/docs';");
    assertEquals(200, reply.status(), reply.body());
    String[] lines = reply.body().strip().split("\n");
    assertEquals(2, lines.length, reply.body());
    var header = Json.MAPPER.readTree(lines[0]);
    assertFalse(header.has("queryId") && !header.get("queryId").isNull(), "a pull query has no query id: " + header);
    assertEquals("[\"PAGE\",\"VIEWS\",\"TOTAL_MS\"]", header.get("columnNames").toString());
    assertEquals("[\"/docs\",2,42]", lines[1]);
    assertEquals(1, queryStream("SELECT * FROM " + table + " WHERE PAGE = 'nope';").body().strip().split("\n").length,
        "a missing key gives the header alone");
  }

  @Test
  void keyLookupOnTheOlderQueryEndpoint() throws Exception {
    var reply = post(base + "/query", Json.MAPPER.createObjectNode().put("ksql", "SELECT PAGE, VIEWS FROM " + table + " WHERE PAGE = '/';").toString());
    assertEquals(200, reply.status(), reply.body());
    assertTrue(reply.body().contains("{\"row\":{\"columns\":[\"/\",1]}}"), reply.body());
  }

  @Test
  void refusalIsKsqlDbsStatementError() throws Exception {
    var reply = queryStream("SELECT PAGE, COUNT(*) FROM " + table + " GROUP BY PAGE;");
    assertEquals(400, reply.status(), reply.body());
    var error = Json.MAPPER.readTree(reply.body());
    assertEquals("statement_error", error.get("@type").asText());
    assertTrue(error.get("message").asText().startsWith("Pull queries don't support GROUP BY clauses."), reply.body());
  }
}

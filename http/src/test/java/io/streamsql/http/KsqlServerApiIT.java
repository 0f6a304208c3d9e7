package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rest of ksqlDB's server surface: /healthcheck, /clusterStatus, /status/{commandId},
 * /info, /ksql/terminate and the messages for statements sent to the wrong endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KsqlServerApiIT {
  private InProcessServer server;
  private String base;
  /** Its own SQL namespace: /ksql/terminate must not stop the queries of other test servers on this Cassandra. */
  private final String namespace = "it_terminate_" + suffix().toLowerCase();

  @BeforeAll
  void startServer() throws Exception {
    server = new InProcessServer("pekko.persistence.cassandra.query.refresh-interval = 50ms\n"
        + "streamsql.sql.namespace = \"" + namespace + "\"\n");
    base = server.baseUrl();
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }

  private HttpClients.Reply ksql(String sql) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode().put("ksql", sql);
    return post(base + "/ksql", body.toString());
  }

  @Test
  void healthcheckReportsEveryCheckHealthy() throws Exception {
    var reply = get(base + "/healthcheck");
    assertEquals(200, reply.status(), reply.body());
    JsonNode health = reply.json();
    assertTrue(health.get("isHealthy").asBoolean(), reply.body());
    for (String check : new String[] {"metastore", "kafka", "commandRunner"}) {
      assertTrue(health.path("details").path(check).path("isHealthy").asBoolean(), check + ": " + reply.body());
    }
  }

  @Test
  void clusterStatusHasOneAliveEntryPerMemberByHostAndPort() throws Exception {
    var reply = get(base + "/clusterStatus");
    assertEquals(200, reply.status(), reply.body());
    JsonNode members = reply.json().get("clusterStatus");
    assertEquals(1, members.size(), reply.body());
    String hostPort = members.fieldNames().next();
    assertTrue(hostPort.endsWith(":" + URI.create(base).getPort()), hostPort);
    JsonNode self = members.get(hostPort);
    assertTrue(self.get("hostAlive").asBoolean());
    assertTrue(self.get("lastStatusUpdateMs").asLong() > 0);
    assertTrue(self.get("activeStandbyPerQuery").isObject());
    assertTrue(self.path("hostStoreLags").path("stateStoreLags").isObject());
  }

  @Test
  void statusOfACreateCommandIsSuccessAndUnknownCommandsAre404() throws Exception {
    String s = suffix();
    var created = ksql("CREATE STREAM ST_" + s + " (ID STRING KEY, V INT) WITH (kafka_topic='st_" + s + "', partitions=1, value_format='JSON');");
    assertEquals(200, created.status(), created.body());
    String commandId = created.json().get(0).get("commandId").asText();
    assertEquals("stream/`ST_" + s + "`/create", commandId);

    var status = get(base + "/status/" + URLEncoder.encode(commandId, StandardCharsets.UTF_8).replace("%2F", "/"));
    assertEquals(200, status.status(), status.body());
    assertEquals("SUCCESS", status.json().get("status").asText());
    assertEquals("Stream created", status.json().get("message").asText());

    var all = get(base + "/status");
    assertEquals(200, all.status(), all.body());
    assertEquals("SUCCESS", all.json().path(commandId).asText(), all.body());

    var unknown = get(base + "/status/stream/%60NOPE_" + s + "%60/create");
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals(40400, unknown.json().get("error_code").asInt());
    assertEquals("Command not found", unknown.json().get("message").asText());
  }

  @Test
  void infoHasKsqlDbsShape() throws Exception {
    JsonNode info = get(base + "/info").json().get("KsqlServerInfo");
    for (String field : new String[] {"version", "kafkaClusterId", "ksqlServiceId", "serverStatus"}) {
      assertTrue(info.get(field).isTextual(), field + ": " + info);
    }
  }

  @Test
  void selectOnKsqlGetsKsqlDbsQueryEndpointError() throws Exception {
    String s = suffix();
    assertEquals(200, ksql("CREATE STREAM Q_" + s + " (ID STRING KEY, V INT) WITH (kafka_topic='q_" + s
        + "', partitions=1, value_format='JSON');").status());
    var reply = ksql("SELECT * FROM Q_" + s + " EMIT CHANGES;");
    assertEquals(400, reply.status(), reply.body());
    JsonNode error = reply.json();
    assertEquals("statement_error", error.get("@type").asText());
    assertEquals(40002, error.get("error_code").asInt());
    assertEquals("The following statement types should be issued to the websocket endpoint '/query':\n\t* PRINT\n\t* SELECT",
        error.get("message").asText());
  }

  @Test
  void nonQueryStatementForTheQueryEndpointsGetsKsqlDbsMessage() {
    StreamSqlException e = assertThrows(StreamSqlException.class,
        () -> server.node().sql().parseQuery("SHOW STREAMS;", Map.of(), Map.of()));
    assertEquals("Neither a query nor a print statement", e.getMessage());
  }

  @Test
  void terminateStopsEveryPersistentQueryAndDropsMatchingSinks() throws Exception {
    String s = suffix();
    var created = ksql("CREATE STREAM SRC_" + s + " (ID STRING KEY, V INT) WITH (kafka_topic='src_" + s
        + "', partitions=1, value_format='JSON');\n"
        + "CREATE STREAM KEEP_" + s + " AS SELECT * FROM SRC_" + s + ";\n"
        + "CREATE STREAM GONE_" + s + " AS SELECT * FROM SRC_" + s + ";");
    assertEquals(200, created.status(), created.body());

    var reply = post(base + "/ksql/terminate", "{\"deleteTopicList\":[\"GONE_" + s + "\"]}");
    assertEquals(200, reply.status(), reply.body());
    JsonNode status = reply.json().get(0);
    assertEquals("currentStatus", status.get("@type").asText());
    assertEquals("TERMINATE CLUSTER;", status.get("statementText").asText());
    assertEquals("cluster/TerminateCluster/terminate", status.get("commandId").asText());
    assertTrue(status.path("commandStatus").path("message").asText().contains("deleted topics: GONE_" + s), reply.body());

    JsonNode queries = ksql("SHOW QUERIES;").json().get(0).get("queries");
    assertEquals(0, queries.size(), queries.toString());
    String streams = ksql("SHOW STREAMS;").body();
    assertTrue(streams.contains("\"KEEP_" + s + "\""), streams);
    assertFalse(streams.contains("\"GONE_" + s + "\""), streams);
    assertEquals(404, get(base + "/v1/streams/" + namespace + ".GONE_" + s).status(), "the dropped sink's log is deleted");
    assertEquals(200, get(base + "/v1/streams/" + namespace + ".KEEP_" + s).status(), "a sink not listed keeps its log");
    assertNull(server.node().sql().source("GONE_" + s));
  }

  @Test
  void terminateRefusesAnInvalidPattern() throws Exception {
    var reply = post(base + "/ksql/terminate", "{\"deleteTopicList\":[\"(unclosed\"]}");
    assertEquals(400, reply.status(), reply.body());
    assertEquals("Invalid pattern: (unclosed", reply.json().get("message").asText());
  }
}

package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.format.Json;
import java.net.URI;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** ksqlDB's POST /inserts-stream over HTTP/2 (prior knowledge) and HTTP/1.1, on a node backed by the real Cassandra. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsertsStreamIT {
  private InProcessServer server;
  private String base;
  private int port;

  @BeforeAll
  void startServer() throws Exception {
    server = new InProcessServer("pekko.persistence.cassandra.query.refresh-interval = 50ms\n");
    base = server.baseUrl();
    port = URI.create(base).getPort();
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

  /** A stream ORDERS_<s> (ID STRING KEY, AMOUNT INT, NOTE STRING) over topic orders_<s> (read with {@link #records}). */
  private String createStream(String s) throws Exception {
    var created = ksql("CREATE STREAM ORDERS_" + s + " (ID STRING KEY, AMOUNT INT, NOTE STRING) WITH (kafka_topic='orders_" + s
        + "', partitions=3, value_format='JSON');");
    assertEquals(200, created.status(), created.body());
    return "ORDERS_" + s;
  }

  private static String topicOf(String stream) {
    return stream.replace("ORDERS_", "orders_");
  }

  private List<JsonNode> records(String topic, int count) throws Exception {
    var r = get(base + "/v1/topics/" + topic + "/records?from=earliest&limit=" + count + "&timeout_ms=20000");
    assertEquals(200, r.status(), r.body());
    return r.lines();
  }

  private static String ok(long seq) {
    return "{\"status\":\"ok\",\"seq\":" + seq + "}";
  }

  @Test
  void http2AcksEachRowWhileTheRequestIsStillOpen() throws Exception {
    String stream = createStream(suffix());
    try (Http2Inserts inserts = new Http2Inserts(server.node().system(), port)) {
      inserts.send("{\"target\":\"" + stream.toLowerCase() + "\"}");
      HttpResponse response = inserts.response(server.node().system());
      assertEquals(200, response.status().intValue());
      assertEquals("HTTP/2.0", response.protocol().value());
      assertEquals("application/vnd.ksqlapi.delimited.v1", response.entity().getContentType().mediaType().toString());
      // Each row's ack arrives before the next row is sent: the request body is open throughout.
      for (int i = 0; i < 5; i++) {
        inserts.send("{\"id\":\"k" + i + "\",\"amount\":" + i + ",\"note\":\"n" + i + "\"}");
        assertEquals(ok(i), inserts.nextAck());
      }
      inserts.complete();
      assertNull(inserts.nextAck(), "the response ends once the request has ended and every row is acked");
    }
    List<JsonNode> stored = records(topicOf(stream), 5);
    assertEquals(5, stored.size());
  }

  @Test
  void http2BadRowsGetErrorAcksAndTheStreamGoesOn() throws Exception {
    String stream = createStream(suffix());
    try (Http2Inserts inserts = new Http2Inserts(server.node().system(), port)) {
      inserts.send("{\"target\":\"" + stream + "\"}");
      inserts.response(server.node().system());
      inserts.send("{\"ID\":\"a\",\"AMOUNT\":1}");
      assertEquals(ok(0), inserts.nextAck());
      inserts.send("{not json");
      assertError(inserts.nextAck(), 1, "Invalid JSON in inserts stream");
      inserts.send("{\"ID\":\"b\",\"AMOUNT\":\"many\"}");
      assertError(inserts.nextAck(), 2, "to INTEGER for column AMOUNT");
      inserts.send("{\"ID\":\"c\",\"PRICE\":3}");
      assertError(inserts.nextAck(), 3, "Column name PRICE does not exist in stream " + stream);
      inserts.send("{\"AMOUNT\":4}");
      assertError(inserts.nextAck(), 4, "Key field must be specified: ID");
      inserts.send("{\"Id\":\"f\",\"Amount\":5,\"`NOTE`\":\"quoted\"}");
      assertEquals(ok(5), inserts.nextAck());
      inserts.complete();
      assertNull(inserts.nextAck());
    }
    List<JsonNode> stored = records(topicOf(stream), 2);
    TreeMap<String, String> byKey = new TreeMap<>();
    for (JsonNode r : stored) byKey.put(r.get("key").asText(), r.get("value").toString());
    assertEquals("{\"AMOUNT\":1,\"NOTE\":null}", byKey.get("a"));
    assertEquals("{\"AMOUNT\":5,\"NOTE\":\"quoted\"}", byKey.get("f"));
  }

  private static void assertError(String ack, long seq, String messagePart) throws Exception {
    JsonNode a = Json.MAPPER.readTree(ack);
    assertEquals("error", a.get("status").asText(), ack);
    assertEquals(seq, a.get("seq").asLong(), ack);
    assertEquals(40000, a.get("error_code").asInt(), ack);
    assertTrue(a.get("message").asText().contains(messagePart), ack);
  }

  @Test
  void http11InsertedRowsAreInTheLogAndFeedAPersistentQuery() throws Exception {
    String s = suffix();
    String stream = createStream(s);
    var csas = ksql("CREATE STREAM BIG_" + s + " AS SELECT ID, AMOUNT * 2 AS DOUBLED FROM " + stream + " WHERE AMOUNT >= 100;");
    assertEquals(200, csas.status(), csas.body());
    int rows = 500;
    StringBuilder body = new StringBuilder("{\"target\":\"" + stream + "\"}\n");
    for (int i = 0; i < rows; i++) body.append("{\"ID\":\"k").append(i).append("\",\"AMOUNT\":").append(i).append("}\n");
    var reply = post(base + "/inserts-stream", body.toString());
    assertEquals(200, reply.status(), reply.body());
    List<String> acks = reply.body().lines().toList();
    assertEquals(rows, acks.size());
    for (int i = 0; i < rows; i++) assertEquals(ok(i), acks.get(i), "acks come in row order, one per row");

    List<JsonNode> stored = records(topicOf(stream), rows);
    assertEquals(rows, stored.size());
    List<JsonNode> sink = records("BIG_" + s, rows - 100);
    assertEquals(rows - 100, sink.size());
    TreeMap<String, Integer> doubled = new TreeMap<>();
    for (JsonNode r : sink) doubled.put(r.get("key").asText(), r.get("value").get("DOUBLED").asInt());
    assertEquals(2 * 123, doubled.get("k123"));
    assertFalse(doubled.containsKey("k99"));
  }

  @Test
  void http11AcksArriveWhileTheRequestIsStillOpen() throws Exception {
    String stream = createStream(suffix());
    try (Http11RawInserts inserts = new Http11RawInserts(port)) {
      inserts.send("{\"target\":\"" + stream + "\"}\n{\"ID\":\"a\",\"AMOUNT\":1}\n");
      String soFar = inserts.readUntil(ok(0), 20_000);
      assertTrue(soFar.startsWith("HTTP/1.1 200 OK"), soFar);
      assertTrue(soFar.contains(ok(0)), "the first ack arrives before the request body ends: " + soFar);
      inserts.send("{\"ID\":\"b\",\"AMOUNT\":2}\n");
      assertTrue(inserts.readUntil(ok(1), 20_000).contains(ok(1)));
      inserts.complete();
      assertTrue(inserts.readUntil("0\r\n\r\n", 20_000).endsWith("0\r\n\r\n"), "the chunked response ends after the last ack");
    }
  }

  @Test
  void acceptJsonGetsTheAcksAsOneJsonArray() throws Exception {
    String stream = createStream(suffix());
    var request = java.net.http.HttpRequest.newBuilder(URI.create(base + "/inserts-stream"))
        .header("Accept", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"target\":\"" + stream + "\"}\n{\"ID\":\"a\"}\n{\"AMOUNT\":1}\n"))
        .build();
    var reply = HttpClients.CLIENT.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, reply.statusCode(), reply.body());
    JsonNode acks = Json.MAPPER.readTree(reply.body());
    assertEquals(2, acks.size(), reply.body());
    assertEquals(ok(0), acks.get(0).toString());
    assertEquals("error", acks.get(1).get("status").asText());
  }

  @Test
  void unknownTargetGetsKsqlErrorBeforeAnyAck() throws Exception {
    var reply = post(base + "/inserts-stream", "{\"target\":\"no_such_" + suffix() + "\"}\n{\"A\":1}\n");
    assertEquals(400, reply.status(), reply.body());
    JsonNode error = reply.json();
    assertEquals("generic_error", error.get("@type").asText());
    assertEquals(40001, error.get("error_code").asInt());
    assertTrue(error.get("message").asText().startsWith("Cannot insert values into an unknown stream: NO_SUCH_"), reply.body());
  }

  @Test
  void tableTargetIsRefused() throws Exception {
    String s = suffix();
    assertEquals(200, ksql("CREATE TABLE T_" + s + " (ID STRING PRIMARY KEY, V INT) WITH (kafka_topic='t_" + s
        + "', partitions=1, value_format='JSON');").status());
    var reply = post(base + "/inserts-stream", "{\"target\":\"t_" + s + "\"}\n{\"ID\":\"a\",\"V\":1}\n");
    assertEquals(400, reply.status(), reply.body());
    assertEquals(40001, reply.json().get("error_code").asInt());
    assertEquals("Cannot insert into a table", reply.json().get("message").asText());
  }

  @Test
  void badFirstLineIsRefused() throws Exception {
    var notJson = post(base + "/inserts-stream", "target=x\n");
    assertEquals(400, notJson.status(), notJson.body());
    assertEquals(40000, notJson.json().get("error_code").asInt());
    assertTrue(notJson.json().get("message").asText().startsWith("Invalid JSON in request: "), notJson.body());
    var noTarget = post(base + "/inserts-stream", "{\"stream\":\"x\"}\n");
    assertEquals(400, noTarget.status(), noTarget.body());
    assertEquals("No target in arguments", noTarget.json().get("message").asText());
  }

  @Test
  void quotedTargetKeepsItsCase() throws Exception {
    var reply = post(base + "/inserts-stream", "{\"target\":\"`lower_" + suffix() + "`\"}\n");
    assertEquals(400, reply.status(), reply.body());
    assertTrue(reply.json().get("message").asText().contains("unknown stream: lower_"), reply.body());
  }
}

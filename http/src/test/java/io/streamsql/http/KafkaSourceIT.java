package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static io.streamsql.http.HttpClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.connectors.kafka.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Kafka source connectors against a real KRaft broker in the test JVM, a real server and
 * Cassandra: every message lands in the stream with its key, status and lag, pause and resume,
 * delete, undecodable messages, and the request errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSourceIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Duration EVERY = Duration.ofMillis(200);

  private KafkaTestBroker broker;
  private InProcessServer server;
  private String base;
  private final List<String> created = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    broker = KafkaTestBroker.start();
    server = new InProcessServer("streamsql.connectors.kafka.admin-timeout = 3s\nstreamsql.connectors.kafka.keeper-interval = 1s\n");
    base = server.baseUrl();
  }

  @AfterAll
  void stop() throws Exception {
    // Connectors left behind would keep consuming from a broker that is gone in later runs.
    for (String name : created) send("DELETE", base + "/v1/connectors/kafka/" + name, null);
    if (server != null) server.close();
    if (broker != null) broker.close();
  }

  private static String name(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private HttpClients.Reply createConnector(String name, String extraFields) throws Exception {
    String body = "{\"name\": \"" + name + "\", \"brokers\": [\"" + broker.bootstrapServers() + "\"], \"topic\": \"" + name + "\"" + extraFields + "}";
    HttpClients.Reply reply = post(base + "/v1/connectors/kafka", body);
    if (reply.status() == 201) created.add(name);
    return reply;
  }

  private List<JsonNode> events(String stream) throws Exception {
    HttpClients.Reply reply = get(base + "/v1/streams/" + stream + "/events");
    assertEquals(200, reply.status(), reply.body());
    return reply.lines();
  }

  private JsonNode status(String name) throws Exception {
    HttpClients.Reply reply = get(base + "/v1/connectors/kafka/" + name);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  @Test
  void everyMessageLandsInTheStreamOnceWithItsKeyAndTheStatusShowsNoLag() throws Exception {
    String name = name("orders");
    broker.createTopic(name, 3);
    Map<String, String> expected = new HashMap<>(); // value JSON → key JSON
    for (int p = 0; p < 3; p++) {
      List<Map.Entry<byte[], byte[]>> messages = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int id = p * 1000 + i;
        String value = "{\"id\":" + id + ",\"amount\":" + (id % 17) + "}";
        messages.add(new java.util.AbstractMap.SimpleEntry<>(utf8("k" + id), utf8(value)));
        expected.put(value, "\"k" + id + "\"");
      }
      broker.produce(name, p, messages);
    }
    HttpClients.Reply reply = createConnector(name, ", \"format\": \"json\", \"key_format\": \"kafka\"");
    assertEquals(201, reply.status(), reply.body());
    assertEquals(3, reply.json().get("topic_partitions").asInt(), reply.body());

    Polling.until(WAIT, EVERY, "the stream holds all 600 messages", () -> events(name).size() >= 600);
    List<JsonNode> stored = events(name);
    assertEquals(600, stored.size(), "each message once");
    Map<String, String> actual = new HashMap<>();
    for (JsonNode e : stored) actual.put(e.get("value").toString(), e.get("key").toString());
    assertEquals(expected, actual);
    assertEquals(3, get(base + "/v1/streams/" + name).json().get("partitions").asInt(), "partitions default to the topic's");

    Polling.until(WAIT, EVERY, "the status shows every partition caught up", () -> {
      JsonNode s = status(name);
      return s.get("records").asLong() == 600 && s.get("lag").asLong() == 0;
    });
    JsonNode s = status(name);
    assertEquals("running", s.get("state").asText(), s.toString());
    assertEquals(0, s.get("errors").asLong(), s.toString());
    for (JsonNode p : s.get("partitions")) {
      assertEquals(200, p.get("next_offset").asLong(), s.toString());
      assertEquals(200, p.get("end_offset").asLong(), s.toString());
      assertEquals(0, p.get("lag").asLong(), s.toString());
      assertEquals(200, p.get("records").asLong(), s.toString());
    }
    JsonNode listed = get(base + "/v1/connectors/kafka").json().get("connectors");
    boolean found = false;
    for (JsonNode c : listed) found |= c.get("name").asText().equals(name);
    assertTrue(found, listed.toString());
  }

  @Test
  void keylessCsvMessagesBecomeObjectsByColumnsAndMessagesProducedLaterFollow() throws Exception {
    String name = name("csv");
    broker.createTopic(name, 1);
    broker.produce(name, 0, List.of(new java.util.AbstractMap.SimpleEntry<>(null, utf8("1,\"Smith, Ann\",3.5"))));
    HttpClients.Reply reply = createConnector(name, ", \"format\": \"csv\", \"columns\": [\"id\", \"name\", \"score\"], \"partitions\": 2");
    assertEquals(201, reply.status(), reply.body());
    Polling.until(WAIT, EVERY, "the first message is in the stream", () -> events(name).size() == 1);
    broker.produce(name, 0, List.of(new java.util.AbstractMap.SimpleEntry<>(null, utf8("2,Bob,4"))));
    Polling.until(WAIT, EVERY, "the message produced after the connector started is in the stream", () -> events(name).size() == 2);
    Set<String> values = new HashSet<>();
    for (JsonNode e : events(name)) {
      values.add(e.get("value").toString());
      assertTrue(e.get("key").isNull(), e.toString());
    }
    assertEquals(Set.of("{\"id\":\"1\",\"name\":\"Smith, Ann\",\"score\":\"3.5\"}", "{\"id\":\"2\",\"name\":\"Bob\",\"score\":\"4\"}"), values);
  }

  @Test
  void anUndecodableMessageIsCountedAndSkippedAndTheRestAreIngested() throws Exception {
    String name = name("badjson");
    broker.createTopic(name, 1);
    broker.produce(name, 0, List.of(
        new java.util.AbstractMap.SimpleEntry<>(utf8("a"), utf8("{\"n\":1}")),
        new java.util.AbstractMap.SimpleEntry<>(utf8("b"), utf8("{not json")),
        new java.util.AbstractMap.SimpleEntry<>(utf8("c"), utf8("{\"n\":3}"))));
    assertEquals(201, createConnector(name, ", \"format\": \"json\"").status());
    Polling.until(WAIT, EVERY, "the connector has read all three messages", () -> status(name).get("partitions").get(0).get("next_offset").asLong() == 3);
    List<JsonNode> stored = events(name);
    assertEquals(2, stored.size(), stored.toString());
    assertEquals("{\"n\":1}", stored.get(0).get("value").toString());
    assertEquals("{\"n\":3}", stored.get(1).get("value").toString());
    JsonNode s = status(name);
    assertEquals(1, s.get("errors").asLong(), s.toString());
    assertEquals(2, s.get("records").asLong(), s.toString());
    String lastError = s.get("partitions").get(0).get("last_error").asText();
    assertTrue(lastError.contains("@1") && lastError.contains("not valid JSON"), lastError);
    assertEquals("running", s.get("state").asText(), s.toString());
  }

  @Test
  void aPausedConnectorReadsNothingUntilResumed() throws Exception {
    String name = name("pause");
    broker.createTopic(name, 1);
    broker.produce(name, 0, List.of(new java.util.AbstractMap.SimpleEntry<>(utf8("k"), utf8("1"))));
    assertEquals(201, createConnector(name, ", \"format\": \"json\"").status());
    Polling.until(WAIT, EVERY, "the first message is in the stream", () -> events(name).size() == 1);

    HttpClients.Reply paused = post(base + "/v1/connectors/kafka/" + name + "/pause", "");
    assertEquals(202, paused.status(), paused.body());
    assertEquals("paused", status(name).get("state").asText());
    broker.produce(name, 0, List.of(new java.util.AbstractMap.SimpleEntry<>(utf8("k"), utf8("2"))));
    // The broker has the message (end offset 2) while the paused connector has not read it.
    Polling.until(WAIT, EVERY, "the status sees the new message as lag", () -> status(name).get("lag").asLong() == 1);
    assertEquals(1, events(name).size(), "nothing read while paused");

    HttpClients.Reply resumed = post(base + "/v1/connectors/kafka/" + name + "/resume", "");
    assertEquals(202, resumed.status(), resumed.body());
    Polling.until(WAIT, EVERY, "the message produced while paused is in the stream", () -> events(name).size() == 2);
    Polling.until(WAIT, EVERY, "the lag is back to 0", () -> status(name).get("lag").asLong() == 0);
    assertEquals("running", status(name).get("state").asText());
  }

  @Test
  void deletingAConnectorStopsItAndKeepsItsStream() throws Exception {
    String name = name("del");
    broker.createTopic(name, 1);
    broker.produce(name, 0, List.of(new java.util.AbstractMap.SimpleEntry<>(utf8("k"), utf8("1"))));
    assertEquals(201, createConnector(name, "").status());
    Polling.until(WAIT, EVERY, "the message is in the stream", () -> events(name).size() == 1);

    HttpClients.Reply deleted = send("DELETE", base + "/v1/connectors/kafka/" + name, null);
    assertEquals(200, deleted.status(), deleted.body());
    created.remove(name);
    HttpClients.Reply gone = get(base + "/v1/connectors/kafka/" + name);
    assertEquals(404, gone.status(), gone.body());
    assertEquals("connector_not_found", gone.json().get("error_code").asText());
    assertEquals(404, send("DELETE", base + "/v1/connectors/kafka/" + name, null).status());
    assertEquals(1, events(name).size(), "the stream stays with its records");
  }

  @Test
  void aConnectorWhoseBrokerGoesAwayReportsFailedWithTheReason() throws Exception {
    String name = name("gone");
    try (KafkaTestBroker doomed = KafkaTestBroker.start()) {
      doomed.createTopic(name, 1);
      doomed.produce(name, 0, List.of(new java.util.AbstractMap.SimpleEntry<>(utf8("k"), utf8("1"))));
      HttpClients.Reply reply = post(base + "/v1/connectors/kafka",
          "{\"name\": \"" + name + "\", \"brokers\": [\"" + doomed.bootstrapServers() + "\"], \"format\": \"json\"}");
      assertEquals(201, reply.status(), reply.body());
      created.add(name);
      Polling.until(WAIT, EVERY, "the message is in the stream", () -> events(name).size() == 1);
      assertEquals("running", status(name).get("state").asText());
    }
    Polling.until(WAIT, EVERY, "the status reports the lost brokers", () -> "failed".equals(status(name).get("state").asText()));
    JsonNode s = status(name);
    assertTrue(s.get("error").asText().contains("Cannot reach Kafka brokers"), s.toString());
    assertTrue(s.get("lag").isNull(), s.toString());
    assertEquals(1, s.get("partitions").get(0).get("next_offset").asLong(), "what was read stays counted");
  }

  @Test
  void badRequestsAreRefusedWithTheirErrorCodes() throws Exception {
    HttpClients.Reply unknown = get(base + "/v1/connectors/kafka/no_such_connector");
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals("connector_not_found", unknown.json().get("error_code").asText());
    assertEquals(404, post(base + "/v1/connectors/kafka/no_such_connector/pause", "").status());

    String name = name("dup");
    broker.createTopic(name, 1);
    assertEquals(201, createConnector(name, "").status());
    HttpClients.Reply duplicate = createConnector(name, "");
    assertEquals(409, duplicate.status(), duplicate.body());
    assertEquals("connector_already_exists", duplicate.json().get("error_code").asText());

    HttpClients.Reply badFormat = createConnector(name("fmt"), ", \"format\": \"avro\"");
    assertEquals(400, badFormat.status(), badFormat.body());
    assertEquals("invalid_request", badFormat.json().get("error_code").asText());
    assertTrue(badFormat.json().get("message").asText().contains("avro"), badFormat.body());
    assertEquals(400, createConnector(name("kfmt"), ", \"key_format\": \"xml\"").status());
    assertEquals(400, post(base + "/v1/connectors/kafka", "{\"name\": \"nobrokers\"}").status());
    assertEquals(400, post(base + "/v1/connectors/kafka", "{\"name\": \"x\", \"brokers\": [\"h:1\"], \"bogus\": 1}").status());

    HttpClients.Reply missingTopic = createConnector(name("missing"), "");
    assertEquals(400, missingTopic.status(), missingTopic.body());
    assertTrue(missingTopic.json().get("message").asText().contains("does not exist"), missingTopic.body());

    // Nothing listens on port 19199: the admin client gives up after admin-timeout.
    String unreachable = name("unreachable");
    HttpClients.Reply noBroker = post(base + "/v1/connectors/kafka",
        "{\"name\": \"" + unreachable + "\", \"brokers\": [\"127.0.0.1:19199\"], \"topic\": \"t\"}");
    assertEquals(400, noBroker.status(), noBroker.body());
    assertTrue(noBroker.json().get("message").asText().contains("Cannot reach Kafka brokers 127.0.0.1:19199"), noBroker.body());
    assertEquals(404, get(base + "/v1/connectors/kafka/" + unreachable).status(), "no connector is left behind");
  }
}

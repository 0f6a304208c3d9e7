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
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once ingestion across kill -9: a server reading a topic is killed mid-way, restarted,
 * and the stream then holds every message of the topic exactly once (the partition entities
 * resume from their journaled offsets; the log drops what it already had).
 */
class KafkaSourceCrashSafetyIT {
  private static final int PARTITIONS = 4;
  private static final int PER_PARTITION = 50_000;
  private static final int TOTAL = PARTITIONS * PER_PARTITION;

  @Test
  void everyMessageIsInTheStreamExactlyOnceAfterKillMinus9MidIngestion() throws Exception {
    String name = "crash_" + UUID.randomUUID().toString().substring(0, 8);
    try (KafkaTestBroker broker = KafkaTestBroker.start()) {
      broker.createTopic(name, PARTITIONS);
      String padding = "x".repeat(80);
      for (int p = 0; p < PARTITIONS; p++) {
        List<Map.Entry<byte[], byte[]>> messages = new ArrayList<>(PER_PARTITION);
        for (int i = 0; i < PER_PARTITION; i++) {
          int id = p * PER_PARTITION + i;
          // Every fourth message is keyless: those are placed by topic partition, which a replay must repeat.
          byte[] key = id % 4 == 0 ? null : ("k" + id).getBytes(StandardCharsets.UTF_8);
          messages.add(new AbstractMap.SimpleEntry<>(key, ("{\"id\":" + id + ",\"pad\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        broker.produce(name, p, messages);
      }

      ServerProcess server = new ServerProcess("kafka-crash", 18301, 25701, null);
      try (server) {
        server.start();
        String body = "{\"name\": \"" + name + "\", \"brokers\": [\"" + broker.bootstrapServers() + "\"], \"format\": \"json\"}";
        HttpClients.Reply created = post(server.baseUrl() + "/v1/connectors/kafka", body);
        assertEquals(201, created.status(), created.body());
        Polling.until(Duration.ofSeconds(120), Duration.ofMillis(50), "the connector has ingested part of the topic", () -> {
          JsonNode s = get(server.baseUrl() + "/v1/connectors/kafka/" + name).json();
          return s.path("records").asLong() >= 5_000;
        });
        long before = get(server.baseUrl() + "/v1/connectors/kafka/" + name).json().path("records").asLong();
        server.kill();
        assertTrue(before < TOTAL, "killed while ingesting (" + before + " of " + TOTAL + " recorded)");
      }

      try (ServerProcess restarted = new ServerProcess("kafka-crash-restarted", 18301, 25701, null).start()) {
        String base = restarted.baseUrl();
        Polling.until(Duration.ofSeconds(300), Duration.ofMillis(500), "the restarted connector catches up with the topic", () -> {
          JsonNode s = get(base + "/v1/connectors/kafka/" + name).json();
          return s.path("lag").isNumber() && s.get("lag").asLong() == 0;
        });
        HttpClients.Reply events = get(base + "/v1/streams/" + name + "/events");
        assertEquals(200, events.status());
        List<Integer> ids = new ArrayList<>();
        for (JsonNode e : events.lines()) {
          int id = e.get("value").get("id").asInt();
          ids.add(id);
          String expectedKey = id % 4 == 0 ? "null" : "\"k" + id + "\"";
          assertEquals(expectedKey, e.get("key").toString(), "the key of message " + id);
        }
        Set<Integer> distinct = new HashSet<>(ids);
        assertEquals(TOTAL, distinct.size(), "no message is lost");
        assertEquals(TOTAL, ids.size(), "no message is duplicated");
        send("DELETE", base + "/v1/connectors/kafka/" + name, null);
      }
    }
  }
}

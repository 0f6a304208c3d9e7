package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static io.streamsql.http.HttpClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.cluster.connectors.kafka.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * A Kafka sink exports a stream to a topic exactly once: a read_committed consumer sees every
 * record once, records appended later follow, and a server restarted from scratch resumes from
 * the offsets committed with its transactions instead of exporting the stream again.
 */
class KafkaSinkIT {
  private static final String CONFIG = "streamsql.connectors.kafka.keeper-interval = 1s\n";

  @Test
  void aReadCommittedConsumerSeesEveryRecordOnceAcrossARestart() throws Exception {
    String stream = "sink_src_" + UUID.randomUUID().toString().substring(0, 8);
    String topic = stream + "_out";
    try (KafkaTestBroker broker = KafkaTestBroker.start();
        KafkaConsumer<byte[], byte[]> consumer = readCommitted(broker)) {
      broker.createTopic(topic, 1);
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      Map<String, String> seen = new TreeMap<>();
      List<String> all = new ArrayList<>();

      try (InProcessServer server = new InProcessServer(CONFIG)) {
        String base = server.baseUrl();
        assertEquals(201, post(base + "/v1/streams", "{\"name\": \"" + stream + "\", \"partitions\": 3}").status());
        assertEquals(200, post(base + "/v1/streams/" + stream + "/events?key_field=id", events(0, 500)).status());
        HttpClients.Reply created = post(base + "/v1/connectors/kafka-sinks", "{\"name\": \"" + stream + "_sink\", \"source\": \"" + stream
            + "\", \"brokers\": [\"" + broker.bootstrapServers() + "\"], \"topic\": \"" + topic + "\", \"from\": \"earliest\"}");
        assertEquals(201, created.status(), created.body());
        poll(consumer, seen, all, 500);
        assertEquals(200, post(base + "/v1/streams/" + stream + "/events?key_field=id", events(500, 800)).status());
        poll(consumer, seen, all, 800);
        Polling.until(Duration.ofSeconds(60), Duration.ofMillis(200), "the sink's status shows no lag",
            () -> get(base + "/v1/connectors/kafka-sinks/" + stream + "_sink").json().path("lag").asLong(-1) == 0);
        HttpClients.Reply status = get(base + "/v1/connectors/kafka-sinks/" + stream + "_sink");
        assertEquals("running", status.json().get("state").asText(), status.body());
        assertEquals(3, status.json().get("partitions").size());
      }

      // A new server (same Cassandra, same catalog) resumes each partition from its committed offset.
      try (InProcessServer server = new InProcessServer(CONFIG)) {
        String base = server.baseUrl();
        assertEquals(200, post(base + "/v1/streams/" + stream + "/events?key_field=id", events(800, 1000)).status());
        poll(consumer, seen, all, 1000);
        assertEquals(1000, all.size(), "no record exported twice");
        for (int id = 0; id < 1000; id++) assertEquals("{\"id\":" + id + ",\"v\":\"r" + id + "\"}", seen.get(Integer.toString(id)), "record " + id);
        send("DELETE", base + "/v1/connectors/kafka-sinks/" + stream + "_sink", null);
        assertEquals(404, get(base + "/v1/connectors/kafka-sinks/" + stream + "_sink").status());
      }
    }
  }

  @Test
  void pauseResumeAndBadRequests() throws Exception {
    String stream = "sink_err_" + UUID.randomUUID().toString().substring(0, 8);
    try (KafkaTestBroker broker = KafkaTestBroker.start(); InProcessServer server = new InProcessServer(CONFIG);
        KafkaConsumer<byte[], byte[]> consumer = readCommitted(broker)) {
      String base = server.baseUrl();
      String sinks = base + "/v1/connectors/kafka-sinks";
      String brokers = "\"brokers\": [\"" + broker.bootstrapServers() + "\"]";
      broker.createTopic(stream, 1);
      assertEquals(201, post(base + "/v1/streams", "{\"name\": \"" + stream + "\", \"partitions\": 1}").status());

      HttpClients.Reply unknownSource = post(sinks, "{\"name\": \"" + stream + "\", \"source\": \"no_such_stream\", " + brokers + "}");
      assertEquals(404, unknownSource.status(), unknownSource.body());
      assertEquals("stream_not_found", unknownSource.json().get("error_code").asText());
      assertEquals(400, post(sinks, "{\"name\": \"" + stream + "\", \"source\": \"" + stream + "\", " + brokers + ", \"from\": \"middle\"}").status());
      assertEquals(400, post(sinks, "{\"name\": \"" + stream + "\", \"source\": \"" + stream + "\"}").status());
      assertEquals(404, get(sinks + "/no_such_sink").status());
      assertEquals("connector_not_found", get(sinks + "/no_such_sink").json().get("error_code").asText());

      // from=latest: what the stream held before the sink is not exported.
      assertEquals(200, post(base + "/v1/streams/" + stream + "/events?key_field=id", events(0, 10)).status());
      HttpClients.Reply created = post(sinks, "{\"name\": \"" + stream + "\", \"source\": \"" + stream + "\", " + brokers
          + ", \"from\": \"latest\"}");
      assertEquals(201, created.status(), created.body());
      HttpClients.Reply duplicate = post(sinks, "{\"name\": \"" + stream + "\", \"source\": \"" + stream + "\", " + brokers + "}");
      assertEquals(409, duplicate.status(), duplicate.body());
      assertEquals("connector_already_exists", duplicate.json().get("error_code").asText());
      Polling.until(Duration.ofSeconds(60), Duration.ofMillis(200), "the exporter has committed its start position",
          () -> get(sinks + "/" + stream).json().get("partitions").get(0).get("next_offset").asLong() == 10);

      assertEquals(202, post(sinks + "/" + stream + "/pause", "").status());
      assertEquals("paused", get(sinks + "/" + stream).json().get("state").asText());
      assertEquals(200, post(base + "/v1/streams/" + stream + "/events?key_field=id", events(10, 30)).status());
      Polling.until(Duration.ofSeconds(60), Duration.ofMillis(200), "the paused sink shows the new records as lag",
          () -> get(sinks + "/" + stream).json().get("lag").asLong() == 20);
      assertEquals(10, get(sinks + "/" + stream).json().get("partitions").get(0).get("next_offset").asLong(), "nothing exported while paused");

      assertEquals(202, post(sinks + "/" + stream + "/resume", "").status());
      TopicPartition tp = new TopicPartition(stream, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      Map<String, String> seen = new TreeMap<>();
      List<String> all = new ArrayList<>();
      poll(consumer, seen, all, 20);
      for (int id = 10; id < 30; id++) assertTrue(seen.containsKey(Integer.toString(id)), "record " + id + " exported after resume");
      assertEquals(200, send("DELETE", sinks + "/" + stream, null).status());
      assertEquals(404, send("DELETE", sinks + "/" + stream, null).status());
    }
  }

  private static String events(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "{\"id\":" + i + ",\"v\":\"r" + i + "\"}").collect(Collectors.joining("\n"));
  }

  private static KafkaConsumer<byte[], byte[]> readCommitted(KafkaTestBroker broker) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Reads until {@code expected} messages were seen in total (the poll's own timeout paces it). */
  private static void poll(KafkaConsumer<byte[], byte[]> consumer, Map<String, String> seen, List<String> all, int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (all.size() < expected && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(500)).forEach(r -> {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        String value = new String(r.value(), StandardCharsets.UTF_8);
        all.add(key);
        seen.put(key, value);
      });
    }
    assertTrue(all.size() >= expected, "read " + all.size() + " of " + expected + " messages");
    // Anything beyond what is expected would show up here as a duplicate.
    consumer.poll(Duration.ofMillis(1500)).forEach(r -> all.add(new String(r.key(), StandardCharsets.UTF_8)));
    assertEquals(expected, all.size(), "exactly the records of the stream, once each");
  }
}

package io.streamsql.http;

import static io.streamsql.http.HttpClients.post;
import static io.streamsql.http.HttpClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.cluster.connectors.kafka.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once export across kill -9: a server exporting a stream is killed mid-way (a
 * transaction may be open), restarted, and a read_committed consumer of the topic then holds
 * every record of the stream exactly once.
 */
class KafkaSinkCrashSafetyIT {
  private static final int TOTAL = 200_000;
  /** Small transactions, so the export is still going when the server is killed. */
  private static final String SMALL_BATCHES = "-Dstreamsql.connectors.kafka.batch-records=500";

  @Test
  void everyRecordReachesTheTopicExactlyOnceAfterKillMinus9MidExport() throws Exception {
    String stream = "sinkcrash_" + UUID.randomUUID().toString().substring(0, 8);
    String topic = stream + "_out";
    List<String> keys = new ArrayList<>();
    try (KafkaTestBroker broker = KafkaTestBroker.start(); KafkaConsumer<byte[], byte[]> consumer = readCommitted(broker)) {
      broker.createTopic(topic, 2);
      List<TopicPartition> tps = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
      consumer.assign(tps);
      consumer.seekToBeginning(tps);

      ServerProcess server = new ServerProcess("kafka-sink-crash", 18303, 25703, null).withJvmOptions(SMALL_BATCHES);
      try (server) {
        server.start();
        String base = server.baseUrl();
        assertEquals(201, post(base + "/v1/streams", "{\"name\": \"" + stream + "\", \"partitions\": 4}").status());
        for (int from = 0; from < TOTAL; from += 10_000) {
          int start = from;
          String body = IntStream.range(start, start + 10_000).mapToObj(i -> "{\"id\":" + i + "}").collect(Collectors.joining("\n"));
          assertEquals(200, post(base + "/v1/streams/" + stream + "/events?key_field=id", body).status());
        }
        HttpClients.Reply created = post(base + "/v1/connectors/kafka-sinks", "{\"name\": \"" + stream + "\", \"source\": \"" + stream
            + "\", \"brokers\": [\"" + broker.bootstrapServers() + "\"], \"topic\": \"" + topic + "\"}");
        assertEquals(201, created.status(), created.body());
        readUntil(consumer, keys, 5_000);
        server.kill(); // mid-export: later batches are not exported yet
        assertTrue(keys.size() < TOTAL, "killed while exporting (" + keys.size() + " of " + TOTAL + " read)");
      }

      try (ServerProcess restarted = new ServerProcess("kafka-sink-crash-restarted", 18303, 25703, null).withJvmOptions(SMALL_BATCHES).start()) {
        readUntil(consumer, keys, TOTAL);
        // Anything beyond the stream's records would be a duplicate; give it one more poll to show up.
        consumer.poll(Duration.ofSeconds(2)).forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
        assertEquals(TOTAL, new HashSet<>(keys).size(), "no record is lost");
        assertEquals(TOTAL, keys.size(), "no record is exported twice");
        send("DELETE", restarted.baseUrl() + "/v1/connectors/kafka-sinks/" + stream, null);
      }
    }
  }

  private static KafkaConsumer<byte[], byte[]> readCommitted(KafkaTestBroker broker) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Polls (each poll waits up to 500 ms for data) until {@code keys} holds {@code count}, or fails after 5 minutes. */
  private static void readUntil(KafkaConsumer<byte[], byte[]> consumer, List<String> keys, int count) {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (keys.size() < count && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
    }
    assertTrue(keys.size() >= count, "read " + keys.size() + " of " + count);
  }
}

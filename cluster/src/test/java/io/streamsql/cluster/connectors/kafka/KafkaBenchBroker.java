package io.streamsql.cluster.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * For load-tests/run-kafka-ingest-benchmark.sh: a KRaft broker in its own JVM that creates a
 * topic, fills it with MESSAGES JSON values of BYTES bytes (keyed), prints its bootstrap servers
 * and then serves until it is killed.
 *
 * <pre>java -cp … KafkaBenchBroker TOPIC PARTITIONS MESSAGES BYTES</pre>
 */
public final class KafkaBenchBroker {
  private KafkaBenchBroker() {}

  public static void main(String[] args) throws Exception {
    String topic = args[0];
    int partitions = Integer.parseInt(args[1]);
    long messages = Long.parseLong(args[2]);
    int bytes = Integer.parseInt(args[3]);
    KafkaTestBroker broker = KafkaTestBroker.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        broker.close();
      } catch (Exception ignored) {
        // the JVM is going away
      }
    }));
    broker.createTopic(topic, partitions);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < messages; i++) {
        String head = "{\"id\":" + i + ",\"pad\":\"";
        char[] pad = new char[Math.max(0, bytes - head.length() - 2)];
        Arrays.fill(pad, 'x');
        byte[] value = (head + new String(pad) + "\"}").getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8), value));
      }
      producer.flush();
    }
    System.out.println("BOOTSTRAP=" + broker.bootstrapServers());
    System.out.println("PRODUCED=" + messages + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    System.out.flush();
    Thread.currentThread().join();
  }
}

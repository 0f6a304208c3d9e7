package io.streamsql.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Python client's own test suite ({@code clients/python/tests}, unittest) against a real
 * server and Cassandra: the suite needs a server at {@code STREAMSQL_URL}, and this test is
 * where it gets one. Its output is kept in {@code target/python-client-tests.log} and printed
 * when it fails.
 *
 * <p>The Kafka connector tests also need a broker and a topic ({@code KAFKA_BROKERS},
 * {@code KAFKA_TOPIC}). When the cluster module's {@code KafkaTestBroker} is on the test
 * classpath (it comes with the Kafka connector), one is started with the topic
 * {@code transactions} holding {@code {"n":1..3}}; it is looked up by name so this test also
 * compiles and runs without it, and then the Python suite reports those tests as skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonClientIT {
  /** Push queries and follow reads see new records within 50 ms instead of the default second. */
  private static final String CONFIG = "pekko.persistence.cassandra.query.refresh-interval = 50ms\n";
  private static final long TIMEOUT_MINUTES = 15;

  private static final String KAFKA_BROKER_CLASS = "io.streamsql.cluster.connectors.kafka.KafkaTestBroker";
  private static final String KAFKA_TOPIC = "transactions";

  private InProcessServer server;
  private AutoCloseable kafka;
  private String kafkaBrokers;

  @BeforeAll
  void startServer() throws Exception {
    server = new InProcessServer(CONFIG);
    startKafkaIfAvailable();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (kafka != null) kafka.close();
    if (server != null) server.close();
  }

  /** A Kafka broker with the topic the Python Kafka tests read, when the test broker class exists. */
  private void startKafkaIfAvailable() throws Exception {
    Class<?> brokerClass;
    try {
      brokerClass = Class.forName(KAFKA_BROKER_CLASS);
    } catch (ClassNotFoundException e) {
      System.out.println("PythonClientIT: no " + KAFKA_BROKER_CLASS + " on the classpath; the Kafka tests will be skipped");
      return;
    }
    kafka = (AutoCloseable) brokerClass.getMethod("start").invoke(null);
    kafkaBrokers = (String) brokerClass.getMethod("bootstrapServers").invoke(kafka);
    brokerClass.getMethod("createTopic", String.class, int.class).invoke(kafka, KAFKA_TOPIC, 2);
    // Keyless JSON messages (a null key; Map.entry refuses null, SimpleEntry does not).
    List<Map.Entry<byte[], byte[]>> keyless = new java.util.ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      keyless.add(new java.util.AbstractMap.SimpleEntry<>(null, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)));
    }
    brokerClass.getMethod("produce", String.class, Integer.class, List.class).invoke(kafka, KAFKA_TOPIC, null, keyless);
  }

  /** {@code clients/python} next to this module, found from the module's basedir (failsafe's working directory). */
  private static Path clientDirectory() {
    Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    return basedir.resolve("..").resolve("clients").resolve("python").normalize().toAbsolutePath();
  }

  @Test
  void pythonClientTestsPassAgainstARealServer() throws Exception {
    Path client = clientDirectory();
    assertTrue(Files.isDirectory(client.resolve("tests")), "no Python client tests at " + client);
    Path log = Path.of("target", "python-client-tests.log").toAbsolutePath();
    Files.createDirectories(log.getParent());

    String python = System.getProperty("python", System.getenv().getOrDefault("PYTHON", "python3"));
    ProcessBuilder builder = new ProcessBuilder(List.of(python, "-m", "unittest", "discover", "-s", "tests", "-v"))
        .directory(client.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("STREAMSQL_URL", server.baseUrl());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    builder.environment().remove("STREAMSQL_API_KEY");
    if (kafkaBrokers != null) {
      builder.environment().put("KAFKA_BROKERS", kafkaBrokers);
      builder.environment().put("KAFKA_TOPIC", KAFKA_TOPIC);
    }
    Process process = builder.start();

    boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = read(log);
    if (!finished || process.exitValue() != 0) System.out.println(output);
    assertTrue(finished, "the Python client tests did not finish within " + TIMEOUT_MINUTES + " minutes:\n" + tail(output));
    assertEquals(0, process.exitValue(), "the Python client tests failed (full output in " + log + "):\n" + tail(output));
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** The end of the output, where unittest lists the failures and the summary. */
  private static String tail(String output) {
    int max = 20_000;
    return output.length() <= max ? output : "…" + output.substring(output.length() - max);
  }
}

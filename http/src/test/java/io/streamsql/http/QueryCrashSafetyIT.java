package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.core.format.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A persistent query whose server is killed with kill -9 while it processes resumes after the
 * restart, and its sink holds the output of every input record exactly once.
 */
class QueryCrashSafetyIT {

  private static HttpClients.Reply ksql(String base, String sql) throws Exception {
    return post(base + "/ksql", Json.MAPPER.createObjectNode().put("ksql", sql).toString());
  }

  @Test
  void aQueryKilledMidStreamResumesAndItsSinkHoldsEveryOutputExactlyOnce() throws Exception {
    String s = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    String source = "src_" + s;
    String sink = "EVEN_" + s;
    // Positions are journaled only every 20 batches here, so the crash always leaves outputs in the
    // sink that the restarted query produces again: the sink must drop them.
    ServerProcess server = new ServerProcess("query-crash", 18185, 25615, null)
        .withJvmOptions("-Dstreamsql.sql.progress-every-batches=20", "-Dstreamsql.sql.batch-records=200");
    try (server) {
      server.start();
      var created = ksql(server.baseUrl(), "CREATE STREAM SRC_" + s + " (K STRING KEY, ID INT) WITH (kafka_topic='" + source
          + "', partitions=4, value_format='JSON'); CREATE STREAM " + sink + " WITH (partitions=3) AS SELECT K, ID, ID * 2 AS DOUBLED FROM SRC_"
          + s + " WHERE ID % 2 = 0;");
      assertEquals(200, created.status(), created.body());

      AtomicBoolean stop = new AtomicBoolean(false);
      Thread producer = new Thread(() -> {
        for (int batch = 0; !stop.get() && batch < 400; batch++) {
          int first = batch * 500;
          String body = IntStream.range(first, first + 500)
              .mapToObj(i -> "{\"key\":\"k" + (i % 97) + "\",\"value\":{\"ID\":" + i + "}}").collect(Collectors.joining("\n"));
          try {
            post(server.baseUrl() + "/v1/topics/" + source + "/records", body);
          } catch (Exception serverGone) {
            return;
          }
        }
      });
      producer.start();
      // Kill once the query has written part of its output, while input still arrives.
      var some = get(server.baseUrl() + "/v1/topics/" + sink + "/records?from=earliest&limit=5000&timeout_ms=60000");
      assertEquals(200, some.status(), some.body());
      assertEquals(5000, some.lines().size(), "the query produced output before the crash");
      server.kill();
      stop.set(true);
      producer.join(60_000);
    }

    try (ServerProcess restarted = new ServerProcess("query-crash-restarted", 18185, 25615, null)
        .withJvmOptions("-Dstreamsql.sql.progress-every-batches=20", "-Dstreamsql.sql.batch-records=200").start()) {
      String base = restarted.baseUrl();
      // Ground truth: whatever the source log holds after the crash.
      List<JsonNode> inputs = get(base + "/v1/topics/" + source + "/records?from=earliest").lines();
      Set<Integer> expected = new HashSet<>();
      for (JsonNode r : inputs) {
        int id = r.get("value").get("ID").asInt();
        if (id % 2 == 0) expected.add(id);
      }
      assertTrue(expected.size() > 5000, "the crash left work for the restarted query: " + expected.size());
      // The keeper restarts the query, which resumes from its journaled positions.
      List<JsonNode> outputs = get(base + "/v1/topics/" + sink + "/records?from=earliest&limit=" + expected.size()
          + "&timeout_ms=120000").lines();
      assertEquals(expected.size(), outputs.size(), "every expected output arrived");
      Set<Integer> seen = new HashSet<>();
      for (JsonNode r : outputs) {
        int id = r.get("value").get("ID").asInt();
        assertTrue(seen.add(id), "output of input " + id + " is in the sink once");
        assertEquals(id * 2, r.get("value").get("DOUBLED").asInt());
      }
      assertEquals(expected, seen);
      // Nothing more arrives later (no late duplicates from a replay).
      var after = get(base + "/v1/topics/" + sink + "/records?from=earliest&limit=" + (expected.size() + 1) + "&timeout_ms=3000").lines();
      assertEquals(expected.size(), after.size());
    }
  }
}

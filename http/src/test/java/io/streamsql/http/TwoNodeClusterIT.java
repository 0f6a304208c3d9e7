package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two server processes on this machine form one Pekko cluster over one Cassandra. */
class TwoNodeClusterIT {

  @Test
  void aStreamCreatedOnNodeAAcceptsEventsThroughNodeBAndReadsThemBackThroughA() throws Exception {
    ServerProcess a = new ServerProcess("cluster-a", 18181, 25611, null);
    ServerProcess b = new ServerProcess("cluster-b", 18182, 25612, "pekko://streamsql@127.0.0.1:25611");
    try (a; b) {
      a.start();
      b.start();
      String name = "shared_" + UUID.randomUUID().toString().substring(0, 8);
      assertEquals(201, post(a.baseUrl() + "/v1/streams", "{\"name\":\"" + name + "\",\"partitions\":6}").status());

      String body = IntStream.range(0, 600).mapToObj(i -> "{\"id\":" + i + ",\"k\":\"key" + i % 17 + "\"}")
          .collect(Collectors.joining("\n"));
      var ack = post(b.baseUrl() + "/v1/streams/" + name + "/events?key_field=k", body);
      assertEquals(200, ack.status(), ack.body());
      assertEquals(600, ack.json().get("records").asInt());

      List<JsonNode> lines = get(a.baseUrl() + "/v1/streams/" + name + "/events").lines();
      assertEquals(600, lines.size());
      Set<Integer> ids = new HashSet<>();
      for (JsonNode l : lines) ids.add(l.get("value").get("id").asInt());
      assertEquals(600, ids.size());
      // Both nodes see one catalog.
      assertEquals(6, get(b.baseUrl() + "/v1/streams/" + name).json().get("partitions").asInt());
    }
  }

  /**
   * A pipeline is one cluster-wide thing: created on A, started and fed through B, and the token B
   * answered is checked on A (tokens carry their positions, so any node can check them).
   */
  @Test
  void aPipelineTokenFromNodeBCompletesWhenCheckedOnNodeA() throws Exception {
    ServerProcess a = new ServerProcess("pipeline-a", 18189, 25619, null);
    ServerProcess b = new ServerProcess("pipeline-b", 18190, 25620, "pekko://streamsql@127.0.0.1:25619");
    try (a; b) {
      a.start();
      b.start();
      String name = "two-" + UUID.randomUUID().toString().substring(0, 8);
      String program = "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v INT);\\nCREATE VIEW big AS SELECT * FROM t WHERE v > 10;";
      var created = HttpClients.send("PUT", a.baseUrl() + "/v0/pipelines/" + name, "{\"program_code\": \"" + program + "\"}");
      assertEquals(201, created.status(), created.body());
      assertEquals(202, post(b.baseUrl() + "/v0/pipelines/" + name + "/start", "").status());
      String body = IntStream.range(0, 2000).mapToObj(i -> "{\"insert\": {\"id\": " + i + ", \"v\": " + (i % 20) + "}}")
          .collect(Collectors.joining("\n"));
      var ack = post(b.baseUrl() + "/v0/pipelines/" + name + "/ingress/t?format=json", body);
      assertEquals(200, ack.status(), ack.body());
      String token = java.net.URLEncoder.encode(ack.json().get("token").asText(), java.nio.charset.StandardCharsets.UTF_8);
      Polling.until(java.time.Duration.ofSeconds(120), java.time.Duration.ofMillis(50), "the token completes on node A",
          () -> get(a.baseUrl() + "/v0/pipelines/" + name + "/completion_status?token=" + token).body().contains("\"complete\""));
      var rows = get(a.baseUrl() + "/v0/pipelines/" + name + "/query?format=json&sql=" + java.net.URLEncoder.encode("SELECT id FROM big",
          java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(200, rows.status(), rows.body());
      assertEquals(900, rows.lines().size());
    }
  }

  /**
   * A push query reads every partition of its source from the journal, wherever sharding hosts the
   * partition: it keeps running when the node hosting some of them dies, and rows acknowledged after
   * those partitions move to the surviving node reach it too (it resumes; it does not end). Of two
   * nodes the split-brain resolver keeps the oldest, so the query runs on A and B is killed.
   */
  @Test
  void aPushQueryOnNodeAReadsPartitionsHostedOnNodeBAndResumesAfterNodeBIsKilled() throws Exception {
    ServerProcess a = new ServerProcess("push-a", 18183, 25613, null);
    ServerProcess b = new ServerProcess("push-b", 18184, 25614, "pekko://streamsql@127.0.0.1:25613");
    try (a; b) {
      a.start();
      b.start();
      String stream = "PUSHED_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
      var created = post(b.baseUrl() + "/ksql", "{\"ksql\":\"CREATE STREAM " + stream
          + " (K STRING KEY, I INT) WITH (kafka_topic='" + stream.toLowerCase() + "', partitions=6, value_format='JSON');\"}");
      assertEquals(200, created.status(), created.body());

      var response = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
          java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(a.baseUrl() + "/query-stream"))
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT I FROM " + stream + " EMIT CHANGES;\"}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, response.statusCode());
      var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
      Thread reader = new Thread(() -> response.body().forEach(lines::add), "push-reader");
      reader.setDaemon(true);
      reader.start();
      assertTrue(lines.poll(30, java.util.concurrent.TimeUnit.SECONDS).contains("columnNames"));

      Set<Integer> expected = new HashSet<>();
      String first = IntStream.range(0, 60).mapToObj(i -> "{\"key\":\"k" + i + "\",\"value\":{\"I\":" + i + "}}")
          .collect(Collectors.joining("\n"));
      var ack = post(b.baseUrl() + "/v1/topics/" + stream.toLowerCase() + "/records", first);
      assertEquals(200, ack.status(), ack.body());
      IntStream.range(0, 60).forEach(expected::add);
      java.util.Map<Integer, Integer> seen = new java.util.HashMap<>();
      receive(lines, seen, counts(expected), 30);

      b.kill();
      // Writes to the partitions node B hosted fail until the cluster downs B and they move to A: retry until acknowledged.
      // A retried request whose first attempt was persisted after all is in the log twice: the query must show what the log holds.
      for (int i = 100; i < 130; i++) {
        String record = "{\"key\":\"k" + i + "\",\"value\":{\"I\":" + i + "}}";
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (true) {
          var r = post(a.baseUrl() + "/v1/topics/" + stream.toLowerCase() + "/records", record);
          if (r.status() == 200) break;
          if (System.nanoTime() > deadline) throw new AssertionError("record " + i + " never acknowledged: " + r.body());
        }
        expected.add(i);
      }
      java.util.Map<Integer, Integer> inLog = new java.util.HashMap<>();
      for (JsonNode r : get(a.baseUrl() + "/v1/topics/" + stream.toLowerCase() + "/records?from=earliest").lines()) {
        inLog.merge(r.get("value").get("I").asInt(), 1, Integer::sum);
      }
      assertTrue(inLog.keySet().containsAll(expected), "every acknowledged record is in the log");
      receive(lines, seen, inLog, 60);
      assertEquals(inLog, seen, "the push query delivered exactly what the log holds");
    }
  }

  private static java.util.Map<Integer, Integer> counts(Set<Integer> values) {
    java.util.Map<Integer, Integer> out = new java.util.HashMap<>();
    for (int v : values) out.put(v, 1);
    return out;
  }

  /** Takes rows of the single-column push query until each value has arrived as often as expected, failing on one too many. */
  private static void receive(java.util.concurrent.BlockingQueue<String> lines, java.util.Map<Integer, Integer> seen,
      java.util.Map<Integer, Integer> expected, int seconds) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
    while (!expected.entrySet().stream().allMatch(e -> seen.getOrDefault(e.getKey(), 0) >= e.getValue())) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
      if (line == null) throw new AssertionError("push query rows missing: expected " + expected + ", got " + seen);
      int value = io.streamsql.core.format.Json.MAPPER.readTree(line).get(0).asInt();
      int times = seen.merge(value, 1, Integer::sum);
      assertTrue(times <= expected.getOrDefault(value, 1), "row " + value + " delivered " + times + " times");
    }
  }
}

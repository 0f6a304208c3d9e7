package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static io.streamsql.http.HttpClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A server killed with kill -9 while clients push into a pipeline keeps every row of every
 * ingress it answered 200, and the token of the last such answer completes after the restart,
 * with the filter view holding each of those rows.
 */
class PipelineCrashSafetyIT {

  @Test
  void everyRowOfAnAcknowledgedIngressSurvivesKillMinus9() throws Exception {
    String name = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicReference<String> lastToken = new AtomicReference<>();
    ServerProcess server = new ServerProcess("pipeline-crash", 18188, 25618, null);
    try (server) {
      server.start();
      String program = "CREATE TABLE events (id INT NOT NULL PRIMARY KEY, v VARCHAR);\\nCREATE VIEW evens AS SELECT * FROM events WHERE id % 2 = 0;";
      var created = send("PUT", server.baseUrl() + "/v0/pipelines/" + name, "{\"program_code\": \"" + program + "\"}");
      assertEquals(201, created.status(), created.body());
      assertEquals(202, post(server.baseUrl() + "/v0/pipelines/" + name + "/start", "").status());

      int clients = 3;
      int perRequest = 500;
      CountDownLatch enoughAcks = new CountDownLatch(10);
      AtomicBoolean stop = new AtomicBoolean(false);
      Thread[] threads = new Thread[clients];
      for (int c = 0; c < clients; c++) {
        int client = c;
        threads[c] = new Thread(() -> {
          for (int request = 0; !stop.get() && request < 1_000; request++) {
            int first = (client * 1_000 + request) * perRequest;
            String body = IntStream.range(first, first + perRequest)
                .mapToObj(i -> "{\"insert\": {\"id\": " + i + ", \"v\": \"row " + i + "\"}}").collect(Collectors.joining("\n"));
            try {
              var reply = post(server.baseUrl() + "/v0/pipelines/" + name + "/ingress/events?format=json", body);
              if (reply.status() == 200) {
                for (int i = first; i < first + perRequest; i++) acknowledged.add(i);
                lastToken.set(reply.json().get("token").asText());
                enoughAcks.countDown();
              }
            } catch (Exception serverGone) {
              return;
            }
          }
        });
        threads[c].start();
      }
      assertTrue(enoughAcks.await(120, TimeUnit.SECONDS), "ingress is acknowledged before the crash");
      server.kill(); // while the clients are still pushing
      stop.set(true);
      for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(60));
    }

    try (ServerProcess restarted = new ServerProcess("pipeline-crash-restarted", 18188, 25618, null).start()) {
      String base = restarted.baseUrl();
      Set<Integer> stored = ids(base, name, "SELECT id FROM events");
      Set<Integer> missing = new HashSet<>(acknowledged);
      missing.removeAll(stored);
      assertTrue(missing.isEmpty(), missing.size() + " acknowledged rows are missing");
      assertTrue(acknowledged.size() >= 10 * 500);
      // Tokens handed out before the crash still work: wait for the view, then check it.
      String token = URLEncoder.encode(lastToken.get(), StandardCharsets.UTF_8);
      Polling.until(java.time.Duration.ofSeconds(180), java.time.Duration.ofMillis(100), "the token of the last acknowledged ingress completes",
          () -> get(base + "/v0/pipelines/" + name + "/completion_status?token=" + token).body().contains("\"complete\""));
      Set<Integer> evens = ids(base, name, "SELECT id FROM evens");
      for (int id : acknowledged) {
        if (id % 2 == 0) assertTrue(evens.contains(id), "acknowledged row " + id + " is in the view");
      }
      assertTrue(evens.stream().allMatch(id -> id % 2 == 0));
    }
  }

  private static Set<Integer> ids(String base, String pipeline, String sql) throws Exception {
    var reply = get(base + "/v0/pipelines/" + pipeline + "/query?format=json&sql=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
    assertEquals(200, reply.status(), reply.body());
    Set<Integer> ids = new HashSet<>();
    List<JsonNode> rows = reply.lines();
    for (JsonNode r : rows) ids.add(r.get("ID").asInt());
    return ids;
  }
}

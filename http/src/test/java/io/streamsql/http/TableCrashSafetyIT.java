package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Tables keep every acknowledged write through kill -9, and their versions stay as sealed. */
class TableCrashSafetyIT {

  @Test
  void acknowledgedWritesAndSealedVersionsSurviveKillMinus9() throws Exception {
    String table = "crash_t_" + UUID.randomUUID().toString().substring(0, 8);
    String versioned = "crash_v_" + UUID.randomUUID().toString().substring(0, 8);
    // key -> last acknowledged revision of that key
    Map<Integer, Integer> acknowledged = new ConcurrentHashMap<>();
    ServerProcess server = new ServerProcess("table-crash", 18185, 25615, null);
    try (server) {
      server.start();
      assertEquals(201, post(server.baseUrl() + "/v1/tables", "{\"name\":\"" + table + "\",\"primary_key\":\"id\"}").status());
      assertEquals(201, post(server.baseUrl() + "/v1/tables", "{\"name\":\"" + versioned + "\",\"primary_key\":\"id\"}").status());
      assertEquals(200, post(server.baseUrl() + "/v1/tables/" + versioned + "/rows", "{\"id\":1,\"v\":\"one\"}").status());
      assertEquals(201, post(server.baseUrl() + "/v1/tables/" + versioned + "/versions", "{\"version\":1}").status());

      CountDownLatch enough = new CountDownLatch(10);
      AtomicBoolean stop = new AtomicBoolean();
      Thread[] writers = new Thread[2];
      for (int w = 0; w < writers.length; w++) {
        int writer = w;
        writers[w] = new Thread(() -> {
          // each writer owns its keys and rewrites them with increasing revisions
          for (int revision = 0; !stop.get() && revision < 10_000; revision++) {
            int rev = revision;
            String body = IntStream.range(0, 300).map(i -> writer * 1000 + i)
                .mapToObj(k -> "{\"id\":" + k + ",\"rev\":" + rev + "}").collect(Collectors.joining("\n"));
            try {
              if (post(server.baseUrl() + "/v1/tables/" + table + "/rows", body).status() != 200) return;
              IntStream.range(0, 300).forEach(i -> acknowledged.put(writer * 1000 + i, rev));
              enough.countDown();
            } catch (Exception serverGone) {
              return;
            }
          }
        });
        writers[w].start();
      }
      assertTrue(enough.await(120, TimeUnit.SECONDS));
      server.kill();
      stop.set(true);
      for (Thread t : writers) t.join(60_000);
    }

    try (ServerProcess restarted = new ServerProcess("table-crash-restarted", 18185, 25615, null).start()) {
      Map<Integer, Integer> stored = new HashMap<>();
      for (JsonNode row : get(restarted.baseUrl() + "/v1/tables/" + table + "/rows").lines()) {
        stored.put(row.get("id").asInt(), row.get("rev").asInt());
      }
      acknowledged.forEach((key, rev) ->
          assertTrue(stored.containsKey(key) && stored.get(key) >= rev, "key " + key + " lost its acknowledged revision " + rev));
      assertEquals(200, get(restarted.baseUrl() + "/v1/tables/" + table + "/rows/1").status(), "gets are served after the restart");
      assertEquals("one", get(restarted.baseUrl() + "/v1/tables/" + versioned + "/rows/1?version=1").json().get("v").asText());
      assertEquals(409, post(restarted.baseUrl() + "/v1/tables/" + versioned + "/rows", "{\"id\":1,\"v\":\"changed\"}").status());
      assertEquals("one", get(restarted.baseUrl() + "/v1/tables/" + versioned + "/rows/1").json().get("v").asText());
    }
  }
}

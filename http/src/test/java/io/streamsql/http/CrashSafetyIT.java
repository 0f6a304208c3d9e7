package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A server killed with kill -9 during uploads loses nothing it acknowledged. */
class CrashSafetyIT {

  @Test
  void everyAcknowledgedEventSurvivesKillMinus9WithDenseOffsets() throws Exception {
    ServerProcess server = new ServerProcess("crash", 18183, 25613, null);
    String name = "crash_" + UUID.randomUUID().toString().substring(0, 8);
    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    try (server) {
      server.start();
      assertEquals(201, post(server.baseUrl() + "/v1/streams", "{\"name\":\"" + name + "\",\"partitions\":4}").status());

      int clients = 3;
      int perRequest = 200;
      CountDownLatch enoughAcks = new CountDownLatch(10);
      AtomicBoolean stop = new AtomicBoolean(false);
      Thread[] threads = new Thread[clients];
      for (int c = 0; c < clients; c++) {
        int client = c;
        threads[c] = new Thread(() -> {
          for (int request = 0; !stop.get() && request < 10_000; request++) {
            int first = (client * 10_000 + request) * perRequest;
            String body = IntStream.range(first, first + perRequest)
                .mapToObj(i -> "{\"id\":" + i + ",\"k\":\"k" + (i % 31) + "\"}").collect(Collectors.joining("\n"));
            try {
              if (post(server.baseUrl() + "/v1/streams/" + name + "/events?key_field=k", body).status() == 200) {
                for (int i = first; i < first + perRequest; i++) acknowledged.add(i);
                enoughAcks.countDown();
              }
            } catch (Exception serverGone) {
              return;
            }
          }
        });
        threads[c].start();
      }
      assertTrue(enoughAcks.await(120, TimeUnit.SECONDS), "uploads are acknowledged before the crash");
      server.kill(); // while the clients are still uploading
      stop.set(true);
      for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(60));
    }

    try (ServerProcess restarted = new ServerProcess("crash-restarted", 18183, 25613, null).start()) {
      List<JsonNode> lines = get(restarted.baseUrl() + "/v1/streams/" + name + "/events").lines();
      Set<Integer> ids = new HashSet<>();
      Map<Integer, Long> nextOffset = new HashMap<>();
      for (JsonNode l : lines) {
        assertTrue(l.has("partition") && l.has("offset"), "every line of the read is a record: " + l);
        int partition = l.get("partition").asInt();
        long expected = nextOffset.getOrDefault(partition, 0L);
        assertEquals(expected, l.get("offset").asLong(), "offsets of partition " + partition + " have no gaps or duplicates");
        nextOffset.put(partition, expected + 1);
        assertTrue(ids.add(l.get("value").get("id").asInt()), "no event is stored twice");
      }
      Set<Integer> missing = new HashSet<>(acknowledged);
      missing.removeAll(ids);
      assertTrue(missing.isEmpty(), missing.size() + " acknowledged events are missing");
      assertTrue(acknowledged.size() >= 2000);
      // The stream keeps accepting events after the crash, continuing the offsets.
      var ack = post(restarted.baseUrl() + "/v1/streams/" + name + "/events", "{\"id\":-1}");
      assertEquals(200, ack.status());
      JsonNode p = ack.json().get("partitions").get(0);
      assertEquals((long) nextOffset.getOrDefault(p.get("partition").asInt(), 0L), p.get("first_offset").asLong());
    }
  }
}

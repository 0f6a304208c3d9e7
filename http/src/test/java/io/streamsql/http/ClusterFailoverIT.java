package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Three server processes; one is killed with kill -9 while records with unique ids are written
 * through all of them. Correctness only: how fast the partitions move is measured by the fault
 * suite (load-tests/fault-suite), not asserted here.
 */
class ClusterFailoverIT {
  private static final int PARTITIONS = 6;

  @Test
  void killingOneOfThreeNodesLosesNoAcknowledgedRecordDuplicatesNoneAndTheQueryOutputHoldsEachOnce() throws Exception {
    String seed = "pekko://streamsql@127.0.0.1:26411";
    ServerProcess a = new ServerProcess("failover-a", 19411, 26411, null);
    ServerProcess b = new ServerProcess("failover-b", 19412, 26412, seed);
    ServerProcess c = new ServerProcess("failover-c", 19413, 26413, seed);
    try (a; b; c) {
      Duration ready = Duration.ofMinutes(4);
      a.start(ready);
      b.start(ready);
      c.start(ready);
      String suffix = UUID.randomUUID().toString().substring(0, 8);
      String source = "FAILOVER_" + suffix.toUpperCase();
      String topic = "failover_" + suffix;
      String output = topic + "_out";
      ksql(a, "CREATE STREAM " + source + " (K STRING KEY, ID STRING) WITH (kafka_topic='" + topic + "', partitions="
          + PARTITIONS + ", value_format='JSON');");
      ksql(a, "CREATE STREAM " + source + "_OUT WITH (kafka_topic='" + output + "') AS SELECT K, ID FROM " + source + ";");

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Writer writer = new Writer(topic, acknowledged);
      writer.write(List.of(a, b, c), 30);
      c.kill();
      // Every partition, those c hosted included, takes writes again through the survivors.
      Set<Integer> recovered = new java.util.HashSet<>();
      Polling.until(Duration.ofSeconds(120), Duration.ofMillis(10), "every partition accepts writes after the kill", () -> {
        recovered.addAll(writer.write(List.of(a, b), 1));
        return recovered.size() == PARTITIONS;
      });
      writer.write(List.of(a, b), 12);

      Map<String, Integer> inLog = ids(a, topic);
      for (String id : acknowledged) assertEquals(1, inLog.getOrDefault(id, 0), "acknowledged record " + id + " in the log once");
      assertTrue(inLog.values().stream().allMatch(n -> n == 1), "no record is in the log twice");
      Map<String, Integer> inOutput = new HashMap<>();
      Polling.until(Duration.ofSeconds(90), Duration.ofMillis(500), "the query output holds every input",
          () -> {
            inOutput.clear();
            inOutput.putAll(ids(a, output));
            return inOutput.keySet().containsAll(inLog.keySet());
          });
      assertEquals(inLog.keySet(), inOutput.keySet(), "the output holds exactly the inputs");
      assertTrue(inOutput.values().stream().allMatch(n -> n == 1), "no input is in the output twice");

      // A node that stalls (SIGSTOP) past the failure detector and stable-after is downed by the
      // other (a tie of one against one keeps the lowest address, a); when it runs again it must
      // not write anything more: it halts with exit status 3 (streamsql.halt-when-downed).
      b.signal("STOP");
      Polling.until(Duration.ofSeconds(120), Duration.ofMillis(200), "a alone takes writes to every partition", () -> {
        Set<Integer> ok = writer.write(List.of(a), 1);
        return ok.size() == PARTITIONS;
      });
      b.signal("CONT");
      assertEquals(3, b.awaitExit(Duration.ofSeconds(60)), "the downed node halted with exit status 3");
      assertEquals(PARTITIONS, writer.write(List.of(a), 1).size(), "a still takes writes to every partition");
    }
  }

  /**
   * Writes batches of records with fresh ids, each batch to one partition, round-robin over nodes and
   * partitions. A failed batch is not retried with the same ids: a duplicate in the log is then the server's.
   */
  private static final class Writer {
    private final String topic;
    private final Set<String> acknowledged;
    private int sequence;
    private int turn;

    Writer(String topic, Set<String> acknowledged) {
      this.topic = topic;
      this.acknowledged = acknowledged;
    }

    /** Sends one round over all partitions per pass; answers the partitions that acknowledged. */
    Set<Integer> write(List<ServerProcess> nodes, int passes) throws Exception {
      Set<Integer> ok = new java.util.HashSet<>();
      for (int pass = 0; pass < passes; pass++) {
        for (int p = 0; p < PARTITIONS; p++) {
          int partition = p;
          List<String> batch = IntStream.range(0, 10).mapToObj(i -> "r" + sequence++).toList();
          String body = batch.stream().map(id -> "{\"key\":\"" + id + "\",\"partition\":" + partition + ",\"value\":{\"ID\":\""
              + id + "\"}}").collect(Collectors.joining("\n"));
          ServerProcess node = nodes.get(turn++ % nodes.size());
          try {
            if (post(node.baseUrl() + "/v1/topics/" + topic + "/records", body).status() == 200) {
              acknowledged.addAll(batch);
              ok.add(partition);
            }
          } catch (java.io.IOException refusedOrTimedOut) {
            // the node is down: not acknowledged
          }
        }
      }
      return ok;
    }
  }

  private static void ksql(ServerProcess node, String statement) throws Exception {
    var reply = post(node.baseUrl() + "/ksql", "{\"ksql\":\"" + statement + "\"}");
    assertEquals(200, reply.status(), reply.body());
  }

  private static Map<String, Integer> ids(ServerProcess node, String topic) throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode line : get(node.baseUrl() + "/v1/topics/" + topic + "/records?from=earliest").lines()) {
      counts.merge(line.get("value").get("ID").asText(), 1, Integer::sum);
    }
    return counts;
  }
}

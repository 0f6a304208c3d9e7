package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.core.format.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Two aggregations whose server is killed with kill -9 while they process resume after the restart,
 * and their sinks hold exactly what a crash-free run writes: per group the counts 1, 2, …, n with no
 * repeat and no gap. One groups by a value column (through the repartition log), one is windowed
 * and grouped by the source key.
 */
class AggregationCrashSafetyIT {
  private static final int RECORDS = 30_000;
  private static final int PER_REQUEST = 500;
  private static final int KEYS = 41;
  private static final int CATEGORIES = 7;
  private static final long T0 = 1_700_000_000_000L;
  private static final long STEP_MS = 50;
  private static final long MINUTE = 60_000;
  // Stage one journals its positions every 20 batches, so the crash leaves grouped rows in the
  // repartition log that it writes again; small batches make many aggregate journal events.
  // Every update is written (no per-batch coalescing), so the sink shows each count 1..n exactly once.
  private static final String[] OPTIONS = {"-Dstreamsql.sql.progress-every-batches=20", "-Dstreamsql.sql.batch-records=200",
      "-Dstreamsql.sql.aggregate-coalesce=off"};

  private static HttpClients.Reply ksql(String base, String sql) throws Exception {
    return post(base + "/ksql", Json.MAPPER.createObjectNode().put("ksql", sql).toString());
  }

  private static String key(int id) {
    return "k" + (id % KEYS);
  }

  private static String category(int id) {
    return "c" + (id % CATEGORIES);
  }

  private static long timestamp(int id) {
    return T0 + id * STEP_MS;
  }

  private static String records(List<Integer> ids) {
    return ids.stream()
        .map(i -> "{\"key\":\"" + key(i) + "\",\"value\":{\"CAT\":\"" + category(i) + "\",\"X\":" + i + "},\"timestamp\":" + timestamp(i) + "}")
        .collect(Collectors.joining("\n"));
  }

  private static long count(String base, String topic) throws Exception {
    var r = get(base + "/v1/streams/" + topic);
    return r.status() == 200 ? r.json().get("records").asLong() : -1;
  }

  @Test
  void aggregationsKilledMidStreamResumeAndWriteEveryCountExactlyOnce() throws Exception {
    long started = System.nanoTime();
    String s = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    String source = "src_" + s;
    String byCat = "BY_CAT_" + s;
    String perMin = "PER_MIN_" + s;
    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    long[] atKill = new long[3];

    ServerProcess server = new ServerProcess("aggregation-crash", 18186, 25616, null).withJvmOptions(OPTIONS);
    try (server) {
      server.start();
      String base = server.baseUrl();
      var created = ksql(base, "CREATE STREAM SRC_" + s + " (K STRING KEY, CAT STRING, X INT) WITH (kafka_topic='" + source
          + "', partitions=4, value_format='JSON');\n"
          + "CREATE TABLE " + byCat + " AS SELECT CAT, COUNT(*) AS N, SUM(X) AS S FROM SRC_" + s + " GROUP BY CAT;\n"
          + "CREATE TABLE " + perMin + " AS SELECT K, COUNT(*) AS N FROM SRC_" + s + " WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY K;");
      assertEquals(200, created.status(), created.body());

      AtomicBoolean stop = new AtomicBoolean(false);
      AtomicInteger uploaded = new AtomicInteger();
      Thread producer = new Thread(() -> {
        for (int first = 0; !stop.get() && first < RECORDS; first += PER_REQUEST) {
          List<Integer> ids = IntStream.range(first, Math.min(RECORDS, first + PER_REQUEST)).boxed().toList();
          try {
            if (post(base + "/v1/topics/" + source + "/records", records(ids)).status() != 200) return;
            acknowledged.addAll(ids);
            uploaded.addAndGet(ids.size());
          } catch (Exception serverGone) {
            return;
          }
        }
      });
      producer.start();
      // Kill once both queries have written part of their output, while they are still behind.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
      while (count(base, byCat) < 2000 || count(base, perMin) < 2000) {
        assertTrue(System.nanoTime() < deadline, "the queries produced output before the crash: " + count(base, byCat) + ", "
            + count(base, perMin));
        Thread.sleep(50);
      }
      System.out.printf("AggregationCrashSafetyIT: killing after %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
      atKill[0] = uploaded.get();
      atKill[1] = count(base, byCat);
      atKill[2] = count(base, perMin);
      server.kill();
      stop.set(true);
      producer.join(60_000);
    }
    System.out.printf("AggregationCrashSafetyIT: killed with %d records acknowledged, %d outputs in %s, %d in %s%n",
        atKill[0], atKill[1], byCat, atKill[2], perMin);
    assertTrue(atKill[1] < RECORDS && atKill[2] < RECORDS, "the crash came before the queries caught up");

    try (ServerProcess restarted = new ServerProcess("aggregation-crash-restarted", 18186, 25616, null).withJvmOptions(OPTIONS).start()) {
      String base = restarted.baseUrl();
      try {
        verifyAfterRestart(base, s, acknowledged, atKill);
      } finally {
        cleanUp(base, s);
      }
    }
    System.out.printf("AggregationCrashSafetyIT: took %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
  }

  private static void verifyAfterRestart(String base, String s, Set<Integer> acknowledged, long[] atKill) throws Exception {
    String source = "src_" + s;
    String byCat = "BY_CAT_" + s;
    String perMin = "PER_MIN_" + s;
    // What the source holds after the crash: every acknowledged record, each once, plus maybe
    // part of the request the crash cut. Upload what is missing, so the input is every id once.
    Set<Integer> stored = new HashSet<>();
    for (JsonNode r : get(base + "/v1/topics/" + source + "/records?from=earliest").lines()) {
      int id = r.get("value").get("X").asInt();
      assertTrue(stored.add(id), "input " + id + " is stored once");
    }
    Set<Integer> lost = new HashSet<>(acknowledged);
    lost.removeAll(stored);
    assertTrue(lost.isEmpty(), lost.size() + " acknowledged records are missing from the source");
    List<Integer> missing = IntStream.range(0, RECORDS).filter(i -> !stored.contains(i)).boxed().toList();
    System.out.printf("AggregationCrashSafetyIT: %d records stored after the crash, uploading the %d missing%n", stored.size(),
        missing.size());
    for (int from = 0; from < missing.size(); from += PER_REQUEST) {
      var ack = post(base + "/v1/topics/" + source + "/records", records(missing.subList(from, Math.min(missing.size(), from + PER_REQUEST))));
      assertEquals(200, ack.status(), ack.body());
    }

    // Every input record makes one output in each sink (EMIT CHANGES): wait for all of them. A
    // query that stops short (lost outputs) is reported by the checks below, so waiting also ends
    // when the counts have not moved for a minute.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    long lastChange = System.nanoTime();
    long[] last = {-1, -1};
    while (true) {
      long[] now = {count(base, byCat), count(base, perMin)};
      if (now[0] >= RECORDS && now[1] >= RECORDS) break;
      if (now[0] != last[0] || now[1] != last[1]) {
        System.out.printf("AggregationCrashSafetyIT: %d and %d of %d outputs%n", now[0], now[1], RECORDS);
        last = now;
        lastChange = System.nanoTime();
      }
      if (System.nanoTime() > deadline || System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(60)) {
        System.out.printf("AggregationCrashSafetyIT: stopped waiting at %d and %d of %d outputs; logs: %s%n", now[0], now[1], RECORDS,
            describeLogs(base, s));
        break;
      }
      Thread.sleep(200);
    }

    // by_cat: per category, counts 1..n and sums whose steps are exactly the ids of the category.
    Map<String, List<JsonNode>> byCatOutputs = perKey(readAll(base, byCat));
    Map<String, List<Integer>> idsPerCategory = new TreeMap<>();
    for (int i = 0; i < RECORDS; i++) idsPerCategory.computeIfAbsent(Json.MAPPER.writeValueAsString(category(i)), c -> new ArrayList<>()).add(i);
    List<String> problems = new ArrayList<>();
    assertEquals(idsPerCategory.keySet(), byCatOutputs.keySet(), "one group per category");
    for (var e : idsPerCategory.entrySet()) {
      List<JsonNode> outs = byCatOutputs.get(e.getKey());
      checkCounts(e.getKey(), outs, e.getValue().size(), problems);
      List<Long> steps = new ArrayList<>();
      long previous = 0;
      for (JsonNode o : outs) {
        long sum = o.get("value").get("S").asLong();
        steps.add(sum - previous);
        previous = sum;
      }
      long expectedSum = e.getValue().stream().mapToLong(Integer::longValue).sum();
      if (previous != expectedSum) problems.add(byCat + " key " + e.getKey() + ": last SUM " + previous + ", expected " + expectedSum);
      List<Long> sortedSteps = steps.stream().sorted().toList();
      List<Long> expectedSteps = e.getValue().stream().map(Integer::longValue).sorted().toList();
      if (!sortedSteps.equals(expectedSteps)) {
        Map<Long, Long> extra = difference(sortedSteps, expectedSteps);
        Map<Long, Long> absent = difference(expectedSteps, sortedSteps);
        problems.add(byCat + " key " + e.getKey() + ": SUM steps are not the category's ids once each; counted more: "
            + head(extra) + ", never counted: " + head(absent));
      }
    }

    // per_min: per key and window, counts 1..n.
    Map<String, List<JsonNode>> perMinOutputs = perKey(readAll(base, perMin));
    Map<String, Integer> perWindow = new TreeMap<>();
    for (int i = 0; i < RECORDS; i++) {
      long start = Math.floorDiv(timestamp(i), MINUTE) * MINUTE;
      String windowed = Json.MAPPER.createObjectNode().put("key", key(i)).put("start", start).put("end", start + MINUTE).toString();
      perWindow.merge(windowed, 1, Integer::sum);
    }
    Set<String> windows = perMinOutputs.keySet().stream().map(k -> canonicalWindow(k)).collect(Collectors.toSet());
    assertEquals(perWindow.keySet(), windows, "one group per key and window");
    for (var e : perMinOutputs.entrySet()) {
      checkCounts(e.getKey(), e.getValue(), perWindow.get(canonicalWindow(e.getKey())), problems);
    }

    if (!problems.isEmpty()) {
      fail(problems.size() + " groups differ from a crash-free run (crash at " + atKill[1] + " / " + atKill[2] + " outputs; logs: "
          + describeLogs(base, s) + "):\n"
          + problems.stream().limit(30).collect(Collectors.joining("\n")));
    }
    // Nothing more arrives later (no late duplicates from a replay).
    assertEquals(RECORDS, get(base + "/v1/topics/" + byCat + "/records?from=earliest&limit=" + (RECORDS + 1) + "&timeout_ms=3000").lines().size());
    assertEquals(RECORDS, count(base, perMin));
  }

  /**
   * Terminates this run's queries and drops its sources, so later server JVMs on the same Cassandra
   * (they restart every registered query of the catalog) do not run them too. Best effort.
   */
  private static void cleanUp(String base, String suffix) {
    try {
      List<String> replies = new ArrayList<>();
      for (JsonNode id : ksql(base, "SHOW QUERIES;").json().findValues("id")) {
        if (id.isTextual() && id.asText().toUpperCase().contains(suffix)) {
          replies.add(id.asText() + ": " + ksql(base, "TERMINATE " + id.asText() + ";").status());
        }
      }
      for (String drop : List.of("TABLE BY_CAT_", "TABLE PER_MIN_", "STREAM SRC_")) {
        replies.add(drop + suffix + ": " + ksql(base, "DROP " + drop + suffix + " DELETE TOPIC;").status());
      }
      System.out.println("AggregationCrashSafetyIT: clean-up " + replies);
    } catch (Exception e) {
      System.out.println("AggregationCrashSafetyIT: clean-up failed: " + e);
    }
  }

  /** Record counts per partition of the logs of this run (source, repartition log, sinks), for failure messages. */
  private static String describeLogs(String base, String suffix) throws Exception {
    StringBuilder out = new StringBuilder();
    for (JsonNode t : get(base + "/v1/topics").json().get("topics")) {
      String name = t.get("name").asText();
      if (!name.toUpperCase().contains(suffix)) continue;
      JsonNode d = get(base + "/v1/streams/" + name).json();
      out.append(name).append("=").append(d.path("records").asLong()).append(" [");
      for (JsonNode p : d.path("partition_details")) out.append(p.path("records").asLong()).append(' ');
      out.append("] ");
    }
    return out.toString();
  }

  private static List<JsonNode> readAll(String base, String topic) throws Exception {
    var r = get(base + "/v1/topics/" + topic + "/records?from=earliest");
    assertEquals(200, r.status(), r.body());
    return r.lines();
  }

  /** The outputs of each key (its JSON text) in the order written: a key's outputs share one partition. */
  private static Map<String, List<JsonNode>> perKey(List<JsonNode> outputs) {
    Map<String, List<JsonNode>> perKey = new LinkedHashMap<>();
    Map<String, Integer> partitionOf = new LinkedHashMap<>();
    for (JsonNode o : outputs) {
      String k = o.get("key").toString();
      int p = o.get("partition").asInt();
      Integer before = partitionOf.putIfAbsent(k, p);
      assertTrue(before == null || before == p, "all outputs of key " + k + " are in one partition");
      perKey.computeIfAbsent(k, x -> new ArrayList<>()).add(o);
    }
    return perKey;
  }

  private static String canonicalWindow(String keyJson) {
    try {
      JsonNode k = Json.MAPPER.readTree(keyJson);
      return Json.MAPPER.createObjectNode().put("key", k.get("key").asText()).put("start", k.get("start").asLong())
          .put("end", k.get("end").asLong()).toString();
    } catch (Exception e) {
      throw new AssertionError("not a windowed key: " + keyJson, e);
    }
  }

  /** The COUNT column of a group's outputs must go 1, 2, …, expected: a repeat is a duplicate, a skip a loss. */
  private static void checkCounts(String key, List<JsonNode> outs, int expected, List<String> problems) {
    List<Long> counts = outs.stream().map(o -> o.get("value").get("N").asLong()).toList();
    for (int j = 0; j < counts.size(); j++) {
      if (counts.get(j) != j + 1) {
        JsonNode o = outs.get(j);
        problems.add("key " + key + ": output " + j + " (partition " + o.get("partition") + ", offset " + o.get("offset") + ") has N="
            + counts.get(j) + ", expected " + (j + 1) + "; counts around it: "
            + counts.subList(Math.max(0, j - 3), Math.min(counts.size(), j + 4)) + ", " + counts.size() + " outputs, last N="
            + counts.get(counts.size() - 1) + ", expected " + expected);
        return;
      }
    }
    if (counts.size() != expected) problems.add("key " + key + ": " + counts.size() + " outputs, expected " + expected);
  }

  /** Values of {@code a} beyond their count in {@code b}, with how many. */
  private static Map<Long, Long> difference(List<Long> a, List<Long> b) {
    Map<Long, Long> counts = new TreeMap<>();
    for (long x : a) counts.merge(x, 1L, Long::sum);
    for (long x : b) counts.merge(x, -1L, Long::sum);
    counts.values().removeIf(c -> c <= 0);
    return counts;
  }

  private static String head(Map<Long, Long> m) {
    return m.size() + " " + m.entrySet().stream().limit(10).map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(", "));
  }
}

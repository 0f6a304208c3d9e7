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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A stream–table join and a stream–stream join whose server is killed with kill -9 while they
 * process resume after the restart, and their sinks hold exactly what a crash-free run writes: the
 * same multiset of joined rows, with no row lost and none written twice.
 *
 * <p>Both joins are made deterministic: the table (and the stream B of the stream–stream join) is
 * loaded, and read by the query into its join input log, before any record of the other side is
 * written. Each event then meets the table row of its key (or none: some keys have no row, and the
 * join is inner); each record of A meets exactly the records of B of its key within a minute, and
 * every timestamp lies within a few minutes, so nothing leaves the join window's retention.
 */
class JoinCrashSafetyIT {
  private static final int EVENTS = 20_000;
  private static final int A_RECORDS = 10_000;
  private static final int B_RECORDS = 250;
  private static final int EVENTS_PER_REQUEST = 500;
  private static final int A_PER_REQUEST = 250;
  private static final int KEYS = 50;
  /** Keys k0 … k(DIM_KEYS-1) have a table row; the other keys' events join nothing. */
  private static final int DIM_KEYS = 40;
  private static final long T0 = 1_700_000_000_000L;
  private static final long MINUTE = 60_000;
  // A: one record every 30 ms over five minutes. B: one every 1.2 s over five minutes, 7 ms off
  // the A grid, so no pair is exactly a minute apart (the window's bound decides nothing).
  private static final long A_STEP_MS = 30;
  private static final long B_STEP_MS = 1_200;
  private static final long B_OFFSET_MS = 7;
  // Stage one journals its positions every 20 batches, so the crash leaves keyed records in the
  // join input log that it writes again; small batches make many join journal events.
  private static final String[] OPTIONS = {"-Dstreamsql.sql.progress-every-batches=20", "-Dstreamsql.sql.batch-records=200"};

  private static HttpClients.Reply ksql(String base, String sql) throws Exception {
    return post(base + "/ksql", Json.MAPPER.createObjectNode().put("ksql", sql).toString());
  }

  private static String key(int id) {
    return "k" + (id % KEYS);
  }

  private static long eventTime(int i) {
    return T0 + i * 10L;
  }

  private static long aTime(int i) {
    return T0 + i * A_STEP_MS;
  }

  private static long bTime(int j) {
    return T0 + j * B_STEP_MS + B_OFFSET_MS;
  }

  private static int bValue(int j) {
    return 1_000_000 + j;
  }

  private static String name(int k) {
    return "name-of-k" + k;
  }

  private static String record(String key, String valueJson, long timestamp) {
    return "{\"key\":\"" + key + "\",\"value\":" + valueJson + ",\"timestamp\":" + timestamp + "}";
  }

  private static String events(List<Integer> ids) {
    return ids.stream().map(i -> record(key(i), "{\"X\":" + i + "}", eventTime(i))).collect(Collectors.joining("\n"));
  }

  private static String aRecords(List<Integer> ids) {
    return ids.stream().map(i -> record(key(i), "{\"X\":" + i + "}", aTime(i))).collect(Collectors.joining("\n"));
  }

  private static String bRecords(List<Integer> ids) {
    return ids.stream().map(j -> record(key(j), "{\"X\":" + bValue(j) + "}", bTime(j))).collect(Collectors.joining("\n"));
  }

  private static String dimRows() {
    return IntStream.range(0, DIM_KEYS).mapToObj(k -> record("k" + k, "{\"NAME\":\"" + name(k) + "\"}", T0 - MINUTE))
        .collect(Collectors.joining("\n"));
  }

  private static long count(String base, String topic) throws Exception {
    var r = get(base + "/v1/streams/" + topic);
    return r.status() == 200 ? r.json().get("records").asLong() : -1;
  }

  /** What a crash-free run of the stream–table join writes: "key|X|NAME" per event whose key has a table row. */
  private static Map<String, Long> expectedStreamTable() throws Exception {
    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < EVENTS; i++) {
      int k = i % KEYS;
      if (k < DIM_KEYS) expected.merge(Json.MAPPER.writeValueAsString(key(i)) + "|" + i + "|" + name(k), 1L, Long::sum);
    }
    return expected;
  }

  /** What a crash-free run of the stream–stream join writes: "key|AX|BX" per pair of the same key within a minute. */
  private static Map<String, Long> expectedStreamStream() throws Exception {
    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < A_RECORDS; i++) {
      for (int j = i % KEYS; j < B_RECORDS; j += KEYS) {
        if (Math.abs(aTime(i) - bTime(j)) <= MINUTE) {
          expected.merge(Json.MAPPER.writeValueAsString(key(i)) + "|" + i + "|" + bValue(j), 1L, Long::sum);
        }
      }
    }
    return expected;
  }

  private static long total(Map<String, Long> multiset) {
    return multiset.values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void joinsKilledMidStreamResumeAndWriteEveryJoinedRowExactlyOnce() throws Exception {
    long started = System.nanoTime();
    String s = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    String evTopic = "ev_" + s;
    String aTopic = "a_" + s;
    String bTopic = "b_" + s;
    String enriched = "ENRICHED_" + s;
    String pairs = "PAIRS_" + s;
    Map<String, Long> expectedEnriched = expectedStreamTable();
    Map<String, Long> expectedPairs = expectedStreamStream();
    long enrichedTotal = total(expectedEnriched);
    long pairsTotal = total(expectedPairs);
    System.out.printf("JoinCrashSafetyIT: expecting %d rows in %s and %d in %s%n", enrichedTotal, enriched, pairsTotal, pairs);
    Set<Integer> eventsAcknowledged = ConcurrentHashMap.newKeySet();
    Set<Integer> aAcknowledged = ConcurrentHashMap.newKeySet();
    long[] atKill = new long[3];

    ServerProcess server = new ServerProcess("join-crash", 18187, 25617, null).withJvmOptions(OPTIONS);
    try (server) {
      server.start();
      String base = server.baseUrl();
      var created = ksql(base, "CREATE STREAM EV_" + s + " (ID STRING KEY, X INT) WITH (kafka_topic='" + evTopic
          + "', partitions=4, value_format='JSON');\n"
          + "CREATE TABLE DIM_" + s + " (ID STRING PRIMARY KEY, NAME STRING) WITH (kafka_topic='dim_" + s
          + "', partitions=4, value_format='JSON');\n"
          + "CREATE STREAM A_" + s + " (ID STRING KEY, X INT) WITH (kafka_topic='" + aTopic + "', partitions=4, value_format='JSON');\n"
          + "CREATE STREAM B_" + s + " (ID STRING KEY, X INT) WITH (kafka_topic='" + bTopic + "', partitions=4, value_format='JSON');");
      assertEquals(200, created.status(), created.body());

      // The table's rows and all of B first; then the joins; then wait until each join has keyed
      // them into its input log, so no event or A record can reach the join state before them.
      var dim = post(base + "/v1/topics/dim_" + s + "/records", dimRows());
      assertEquals(200, dim.status(), dim.body());
      var b = post(base + "/v1/topics/" + bTopic + "/records", bRecords(IntStream.range(0, B_RECORDS).boxed().toList()));
      assertEquals(200, b.status(), b.body());
      var joins = ksql(base, "CREATE STREAM " + enriched + " AS SELECT e.ID, e.X AS X, d.NAME AS NAME FROM EV_" + s + " e JOIN DIM_" + s
          + " d ON e.ID = d.ID;\n"
          + "CREATE STREAM " + pairs + " AS SELECT a.ID, a.X AS AX, b.X AS BX FROM A_" + s + " a JOIN B_" + s
          + " b WITHIN 1 MINUTE ON a.ID = b.ID;");
      assertEquals(200, joins.status(), joins.body());
      awaitInputLog(base, enriched, DIM_KEYS);
      awaitInputLog(base, pairs, B_RECORDS);
      System.out.printf("JoinCrashSafetyIT: the joins hold the table and B after %d s%n",
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

      AtomicBoolean stop = new AtomicBoolean(false);
      AtomicInteger uploaded = new AtomicInteger();
      Thread producer = new Thread(() -> {
        for (int batch = 0; !stop.get() && (batch * EVENTS_PER_REQUEST < EVENTS || batch * A_PER_REQUEST < A_RECORDS); batch++) {
          try {
            if (batch * EVENTS_PER_REQUEST < EVENTS) {
              List<Integer> ids = IntStream.range(batch * EVENTS_PER_REQUEST, Math.min(EVENTS, (batch + 1) * EVENTS_PER_REQUEST)).boxed().toList();
              if (post(base + "/v1/topics/" + evTopic + "/records", events(ids)).status() != 200) return;
              eventsAcknowledged.addAll(ids);
              uploaded.addAndGet(ids.size());
            }
            if (batch * A_PER_REQUEST < A_RECORDS) {
              List<Integer> ids = IntStream.range(batch * A_PER_REQUEST, Math.min(A_RECORDS, (batch + 1) * A_PER_REQUEST)).boxed().toList();
              if (post(base + "/v1/topics/" + aTopic + "/records", aRecords(ids)).status() != 200) return;
              aAcknowledged.addAll(ids);
              uploaded.addAndGet(ids.size());
            }
          } catch (Exception serverGone) {
            return;
          }
        }
      });
      producer.start();
      // Kill once both joins have written part of their output, while they are still behind.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (count(base, enriched) < 2000 || count(base, pairs) < 2000) {
        assertTrue(System.nanoTime() < deadline, "the joins produced output before the crash: " + count(base, enriched) + ", "
            + count(base, pairs));
        Thread.sleep(50);
      }
      System.out.printf("JoinCrashSafetyIT: killing after %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
      atKill[0] = uploaded.get();
      atKill[1] = count(base, enriched);
      atKill[2] = count(base, pairs);
      server.kill();
      stop.set(true);
      producer.join(60_000);
    }
    System.out.printf("JoinCrashSafetyIT: killed with %d records acknowledged, %d outputs in %s, %d in %s%n",
        atKill[0], atKill[1], enriched, atKill[2], pairs);
    assertTrue(atKill[1] < enrichedTotal && atKill[2] < pairsTotal, "the crash came before the joins caught up");

    try (ServerProcess restarted = new ServerProcess("join-crash-restarted", 18187, 25617, null).withJvmOptions(OPTIONS).start()) {
      String base = restarted.baseUrl();
      try {
        // Complete the inputs: every event and every A record once (the crash may have cut a request).
        completeInput(base, evTopic, eventsAcknowledged, EVENTS, EVENTS_PER_REQUEST, JoinCrashSafetyIT::events);
        completeInput(base, aTopic, aAcknowledged, A_RECORDS, A_PER_REQUEST, JoinCrashSafetyIT::aRecords);
        awaitOutputs(base, s, Map.of(enriched, enrichedTotal, pairs, pairsTotal));

        List<String> problems = new ArrayList<>();
        compare(enriched, expectedEnriched, readAll(base, enriched), o -> {
          JsonNode v = o.get("value");
          return o.get("key").toString() + "|" + v.get("X").asInt() + "|" + v.get("NAME").asText();
        }, problems);
        compare(pairs, expectedPairs, readAll(base, pairs), o -> {
          JsonNode v = o.get("value");
          return o.get("key").toString() + "|" + v.get("AX").asInt() + "|" + v.get("BX").asInt();
        }, problems);
        if (!problems.isEmpty()) {
          fail("the joins' sinks differ from a crash-free run (crash at " + atKill[1] + " / " + atKill[2] + " outputs; logs: "
              + describeLogs(base, s) + "):\n" + String.join("\n", problems));
        }
        // Nothing more arrives later (no late duplicates from a replay).
        assertEquals(enrichedTotal, get(base + "/v1/topics/" + enriched + "/records?from=earliest&limit=" + (enrichedTotal + 1)
            + "&timeout_ms=3000").lines().size());
        assertEquals(pairsTotal, count(base, pairs));
      } finally {
        cleanUp(base, s);
      }
    }
    System.out.printf("JoinCrashSafetyIT: took %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
  }

  /** Waits until the join input log of the query writing {@code sink} holds at least {@code records} records. */
  private static void awaitInputLog(String base, String sink, long records) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      for (JsonNode t : get(base + "/v1/topics").json().get("topics")) {
        String name = t.get("name").asText();
        if (name.contains("_internal.") && name.toUpperCase().contains("_" + sink.toUpperCase() + "_") && count(base, name) >= records) {
          return;
        }
      }
      assertTrue(System.nanoTime() < deadline, "the join writing " + sink + " keyed its first " + records + " records; logs: "
          + describeLogs(base, sink));
      Thread.sleep(100);
    }
  }

  /** Checks that the source holds every acknowledged record once, and uploads those the crash left out. */
  private static void completeInput(String base, String topic, Set<Integer> acknowledged, int total, int perRequest,
      Function<List<Integer>, String> body) throws Exception {
    Set<Integer> stored = new HashSet<>();
    var read = get(base + "/v1/topics/" + topic + "/records?from=earliest");
    assertEquals(200, read.status(), topic + " is readable after the restart: " + read.body());
    for (JsonNode r : read.lines()) {
      JsonNode x = r.path("value").path("X");
      assertTrue(x.isInt(), topic + ": a stored input is one of the test's records: " + r);
      assertTrue(stored.add(x.asInt()), topic + ": input " + x.asInt() + " is stored once");
    }
    Set<Integer> lost = new HashSet<>(acknowledged);
    lost.removeAll(stored);
    assertTrue(lost.isEmpty(), lost.size() + " acknowledged records are missing from " + topic);
    List<Integer> missing = IntStream.range(0, total).filter(i -> !stored.contains(i)).boxed().toList();
    System.out.printf("JoinCrashSafetyIT: %d records of %s stored after the crash, uploading the %d missing%n", stored.size(), topic,
        missing.size());
    for (int from = 0; from < missing.size(); from += perRequest) {
      var ack = post(base + "/v1/topics/" + topic + "/records", body.apply(missing.subList(from, Math.min(missing.size(), from + perRequest))));
      assertEquals(200, ack.status(), ack.body());
    }
  }

  /**
   * Waits until every sink holds its expected count. A join that stops short (lost outputs) is
   * reported by the comparison afterwards, so waiting also ends when the counts have not moved for
   * 45 seconds.
   */
  private static void awaitOutputs(String base, String suffix, Map<String, Long> expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    long lastChange = System.nanoTime();
    Map<String, Long> last = Map.of();
    while (true) {
      Map<String, Long> now = new TreeMap<>();
      for (String sink : expected.keySet()) now.put(sink, count(base, sink));
      if (expected.entrySet().stream().allMatch(e -> now.get(e.getKey()) >= e.getValue())) return;
      if (!now.equals(last)) {
        System.out.printf("JoinCrashSafetyIT: outputs %s of %s%n", now, expected);
        last = now;
        lastChange = System.nanoTime();
      }
      if (System.nanoTime() > deadline || System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(45)) {
        System.out.printf("JoinCrashSafetyIT: stopped waiting at %s of %s; logs: %s%n", now, expected, describeLogs(base, suffix));
        return;
      }
      Thread.sleep(200);
    }
  }

  /** Compares a sink, as a multiset of (key, value), with what a crash-free run writes. */
  private static void compare(String sink, Map<String, Long> expected, List<JsonNode> outputs,
      Function<JsonNode, String> row, List<String> problems) {
    Map<String, Long> actual = new TreeMap<>();
    for (JsonNode o : outputs) actual.merge(row.apply(o), 1L, Long::sum);
    Map<String, Long> duplicated = new TreeMap<>();
    Map<String, Long> unexpected = new TreeMap<>();
    Map<String, Long> lost = new TreeMap<>();
    for (var e : actual.entrySet()) {
      long want = expected.getOrDefault(e.getKey(), 0L);
      if (want == 0) unexpected.put(e.getKey(), e.getValue());
      else if (e.getValue() > want) duplicated.put(e.getKey(), e.getValue() - want);
    }
    for (var e : expected.entrySet()) {
      long have = actual.getOrDefault(e.getKey(), 0L);
      if (have < e.getValue()) lost.put(e.getKey(), e.getValue() - have);
    }
    System.out.printf("JoinCrashSafetyIT: %s holds %d rows (%d expected): %d written more than once, %d unexpected, %d lost%n", sink,
        outputs.size(), total(expected), duplicated.size(), unexpected.size(), lost.size());
    if (!duplicated.isEmpty()) problems.add(sink + ": " + duplicated.size() + " rows written too often: " + head(duplicated));
    if (!unexpected.isEmpty()) problems.add(sink + ": " + unexpected.size() + " rows a crash-free run does not write: " + head(unexpected));
    if (!lost.isEmpty()) problems.add(sink + ": " + lost.size() + " rows lost: " + head(lost));
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
      for (String drop : List.of("STREAM ENRICHED_", "STREAM PAIRS_", "STREAM EV_", "TABLE DIM_", "STREAM A_", "STREAM B_")) {
        var reply = ksql(base, "DROP " + drop + suffix + " DELETE TOPIC;");
        replies.add(drop + suffix + ": " + reply.status() + (reply.status() == 200 ? "" : " " + reply.body()));
      }
      System.out.println("JoinCrashSafetyIT: clean-up " + replies);
    } catch (Exception e) {
      System.out.println("JoinCrashSafetyIT: clean-up failed: " + e);
    }
  }

  /** Record counts per partition of the logs of this run (sources, input logs, sinks), for failure messages. */
  private static String describeLogs(String base, String suffix) throws Exception {
    StringBuilder out = new StringBuilder();
    for (JsonNode t : get(base + "/v1/topics").json().get("topics")) {
      String name = t.get("name").asText();
      if (!name.toUpperCase().contains(suffix.toUpperCase())) continue;
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

  private static String head(Map<String, Long> m) {
    return m.entrySet().stream().limit(10).map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(", "));
  }
}

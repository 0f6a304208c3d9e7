package io.streamsql.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.cluster.sql.qtt.QttCase;
import io.streamsql.cluster.sql.qtt.QttRecord;
import io.streamsql.core.format.Json;
import io.streamsql.core.log.Partitioner;
import io.streamsql.core.sql.plan.RecordJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one QTT case as a client would, only over the HTTP API: statements posted to {@code /ksql},
 * inputs to {@code /v1/topics/{t}/records}, progress read with EXPLAIN and {@code GET /v1/streams/{t}},
 * outputs read back with {@code GET /v1/topics/{t}/records}. Cases share the server's default
 * namespace, so each one removes its queries, sources and topics afterwards.
 */
final class QttHttpCaseRunner {
  private static final Set<String> KEEP = Set.of("KSQL_PROCESSING_LOG", "streamsql_processing_log");

  record Outcome(boolean passed, String reason) {}

  private final String base;
  private final long catchUpMillis;

  QttHttpCaseRunner(String base, long catchUpMillis) {
    this.base = base;
    this.catchUpMillis = catchUpMillis;
  }

  Outcome run(QttCase c) throws Exception {
    try {
      // The server's catalog outlives this JVM (it is in Cassandra): start every case from a clean one.
      cleanUp();
      createTopics(c);
      String error = null;
      String failedStatement = null;
      for (String statement : c.statements()) {
        HttpClients.Reply r = ksql(statement, c.properties());
        if (r.status() != 200) {
          error = r.json().path("message").asText(r.body());
          failedStatement = statement;
          break;
        }
      }
      if (c.expectedException() != null) {
        String expected = c.expectedException().path("message").asText("");
        if (error == null) return new Outcome(false, "expected the error \"" + firstLine(expected) + "\" but every statement succeeded");
        if (!error.contains(expected)) {
          return new Outcome(false, "expected an error containing \"" + firstLine(expected) + "\" but got \"" + firstLine(error) + "\"");
        }
        return new Outcome(true, null);
      }
      if (error != null) return new Outcome(false, "statement failed: " + firstLine(error) + " [" + firstLine(failedStatement) + "]");
      String problem = writeInputs(c);
      if (problem != null) return new Outcome(false, problem);
      String stuck = awaitCaughtUp();
      if (stuck != null) return new Outcome(false, stuck);
      return compare(c);
    } finally {
      cleanUp();
    }
  }

  private void drop(String statement) {
    try {
      ksql(statement, Map.of());
    } catch (Exception e) {
      throw new IllegalStateException("cleaning up after a case: " + statement, e);
    }
  }

  private HttpClients.Reply ksql(String sql, Map<String, Object> properties) throws Exception {
    ObjectNode body = Json.MAPPER.createObjectNode().put("ksql", sql);
    body.set("streamsProperties", Json.MAPPER.valueToTree(properties));
    return HttpClients.post(base + "/ksql", body.toString());
  }

  private static String path(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String firstLine(String s) {
    if (s == null) return "null";
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl) + " …";
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  private void createTopics(QttCase c) throws Exception {
    for (var e : c.topics().entrySet()) {
      ObjectNode body = Json.MAPPER.createObjectNode().put("name", e.getKey()).put("partitions", e.getValue());
      HttpClients.post(base + "/v1/streams", body.toString()); // 409 when it exists, 400 for names ksqlDB allows and logs do not
    }
  }

  /** One POST per input, in the case's order; keyless inputs go to partition 0 as in the in-process runner. */
  private String writeInputs(QttCase c) throws Exception {
    // ksqlDB's test driver processes each input before the next: a query over several sources (a join)
    // must see them in the case's order, so each input waits until the queries caught up.
    boolean inOrder = false;
    for (JsonNode q : ksql("SHOW QUERIES;", Map.of()).json().get(0).path("queries")) {
      JsonNode d = ksql("EXPLAIN \"" + q.get("id").asText() + "\";", Map.of()).json().get(0).path("queryDescription");
      if (d.path("sources").size() > 1) inOrder = true;
    }
    for (JsonNode in : c.inputs()) {
      if (inOrder) {
        String stuck = awaitCaughtUp();
        if (stuck != null) return stuck;
      }
      ObjectNode record = Json.MAPPER.createObjectNode();
      JsonNode key = in.get("key");
      // A windowed input's key is the stored WindowedKey (the JSON object {"key":…,"start":S,"end":E}), placed by its inner key.
      if (in.has("window")) record.set("key", RecordJson.read(QttRecord.inputKeyText(in)));
      else record.set("key", key == null ? NullNode.getInstance() : key);
      record.set("value", in.has("value") ? in.get("value") : NullNode.getInstance());
      if (in.has("timestamp")) record.put("timestamp", in.get("timestamp").asLong());
      else record.put("timestamp", 0L);
      if (in.has("partition")) record.put("partition", in.get("partition").asInt());
      else if (key == null || key.isNull()) record.put("partition", 0);
      else if (in.has("window")) {
        record.put("partition", Partitioner.partitionForKey(QttRecord.placementKeyText(in), c.topics().getOrDefault(in.path("topic").asText(), 1)));
      }
      HttpClients.Reply r = HttpClients.post(base + "/v1/topics/" + path(in.path("topic").asText()) + "/records", record.toString());
      if (r.status() != 200) return "input rejected by POST /v1/topics: " + r.status() + " " + firstLine(r.body());
    }
    return null;
  }

  /** Waits until every running query's journaled positions reach the end of its source topic; null when done. */
  private String awaitCaughtUp() throws Exception {
    long deadline = System.currentTimeMillis() + catchUpMillis;
    String lastProblem = null;
    int stableChecks = 0;
    while (System.currentTimeMillis() < deadline) {
      boolean caughtUp = true;
      for (JsonNode q : ksql("SHOW QUERIES;", Map.of()).json().get(0).path("queries")) {
        JsonNode d = ksql("EXPLAIN \"" + q.get("id").asText() + "\";", Map.of()).json().get(0).path("queryDescription");
        if (d.path("state").asText().equals("ERROR")) lastProblem = q.get("id").asText() + " is in ERROR";
        if (d.path("stateLag").asLong(0) > 0) caughtUp = false;
        String source = d.path("sources").get(0).asText();
        String topic = ksql("DESCRIBE `" + source.replace("`", "``") + "`;", Map.of()).json().get(0).path("sourceDescription")
            .path("topic").asText();
        JsonNode stream = HttpClients.get(base + "/v1/streams/" + path(topic)).json();
        for (JsonNode p : stream.path("partition_details")) {
          long next = d.path("nextOffsets").path(p.get("partition").asText()).asLong(0);
          if (next < p.get("next_offset").asLong()) caughtUp = false;
        }
      }
      if (caughtUp && ++stableChecks >= 2) return null;
      if (!caughtUp) stableChecks = 0;
      Thread.sleep(25);
    }
    return "queries did not process their input within " + catchUpMillis + " ms" + (lastProblem == null ? "" : ": " + lastProblem);
  }

  private Outcome compare(QttCase c) throws Exception {
    Map<String, List<JsonNode>> expectedByTopic = new LinkedHashMap<>();
    for (JsonNode out : c.outputs()) expectedByTopic.computeIfAbsent(out.path("topic").asText(), t -> new ArrayList<>()).add(out);
    for (var e : expectedByTopic.entrySet()) {
      HttpClients.Reply r = HttpClients.get(base + "/v1/topics/" + path(e.getKey()) + "/records?from=earliest");
      if (r.status() == 404) return new Outcome(false, "output topic " + e.getKey() + " does not exist");
      if (r.status() != 200) return new Outcome(false, "reading " + e.getKey() + ": " + r.status() + " " + firstLine(r.body()));
      List<QttRecord> actual = new ArrayList<>();
      for (JsonNode line : r.lines()) {
        actual.add(new QttRecord(line.has("key") ? line.get("key") : NullNode.getInstance(),
            line.has("value") ? line.get("value") : NullNode.getInstance(), line.path("timestamp").asLong()));
      }
      String problem = QttRecord.compareTopic(e.getKey(), e.getValue(), actual, windowType(e.getKey()));
      if (problem != null) return new Outcome(false, problem);
    }
    return new Outcome(true, null);
  }

  /** The record window type ("time", "session") of a windowed source over the topic, from SHOW STREAMS/TABLES and DESCRIBE; null if none. */
  private String windowType(String topic) throws Exception {
    for (String kind : List.of("STREAMS", "TABLES")) {
      for (JsonNode s : ksql("SHOW " + kind + ";", Map.of()).json().get(0).path(kind.toLowerCase(java.util.Locale.ROOT))) {
        if (!s.path("topic").asText().equals(topic) || !s.path("isWindowed").asBoolean()) continue;
        String type = ksql("DESCRIBE `" + s.get("name").asText().replace("`", "``") + "`;", Map.of()).json().get(0)
            .path("sourceDescription").path("windowType").asText("");
        if (!type.isEmpty()) return type.equals("SESSION") ? "session" : "time";
      }
    }
    return null;
  }

  /** Removes everything the case made: queries, then sources, types and topics (the processing log stays). */
  private void cleanUp() throws Exception {
    ksql("TERMINATE ALL;", Map.of());
    for (String kind : List.of("STREAM", "TABLE")) {
      JsonNode listing = ksql("SHOW " + kind + "S;", Map.of()).json().get(0).path(kind.equals("STREAM") ? "streams" : "tables");
      for (JsonNode s : listing) {
        String name = s.get("name").asText();
        if (!KEEP.contains(name)) ksql("DROP " + kind + " `" + name.replace("`", "``") + "`;", Map.of());
      }
    }
    ksql("SHOW TYPES;", Map.of()).json().get(0).path("types").fieldNames()
        .forEachRemaining(type -> drop("DROP TYPE `" + type.replace("`", "``") + "`;"));
    for (JsonNode t : HttpClients.get(base + "/v1/topics").json().path("topics")) {
      String name = t.get("name").asText();
      if (!KEEP.contains(name)) HttpClients.send("DELETE", base + "/v1/streams/" + path(name), null);
    }
  }
}

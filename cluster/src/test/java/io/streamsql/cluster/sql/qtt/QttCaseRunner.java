package io.streamsql.cluster.sql.qtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.sql.SqlEngine;
import io.streamsql.cluster.sql.SqlStatementException;
import io.streamsql.cluster.streams.LogEntry;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.Partitioner;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.core.sql.plan.RecordJson;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.LogPartitionEntity;
import io.streamsql.persistence.log.PartitionState;
import io.streamsql.persistence.sql.QueryEntity;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Runs one QTT case through the server's own runtime: the statements through {@link SqlEngine}
 * (as POST /ksql does), the inputs appended to the logs, the persistent query entities running
 * on the cluster, and the sink logs read back and compared.
 */
final class QttCaseRunner {

  /** The outcome of a case: passed, or why not. */
  record Outcome(boolean passed, String reason) {}

  private final StreamSqlNode node;
  private final long catchUpMillis;
  private String namespace;

  QttCaseRunner(StreamSqlNode node, long catchUpMillis) {
    this.node = node;
    this.catchUpMillis = catchUpMillis;
  }

  Outcome run(QttCase c, String namespace) throws Exception {
    SqlEngine engine = node.sql(namespace);
    try {
      createTopics(c, engine);
      StreamSqlException error = null;
      String failedStatement = null;
      // One script, its statements joined by line breaks, as ksqlDB's test executor runs them: errors
      // name the line of the script ("line 2:40"), and DEFINEd variables reach the later statements.
      try {
        engine.execute(String.join("\n", c.statements()), c.properties(), Map.of());
      } catch (SqlStatementException e) {
        error = e.error();
        failedStatement = e.statementText();
      }
      if (c.expectedException() != null) {
        String expected = c.expectedException().path("message").asText("");
        if (error == null) {
          return new Outcome(false, "expected the error \"" + firstLine(expected) + "\" but every statement succeeded");
        }
        if (!error.getMessage().contains(expected)) {
          return new Outcome(false, "expected an error containing \"" + firstLine(expected) + "\" but got \"" + firstLine(error.getMessage()) + "\"");
        }
        return new Outcome(true, null);
      }
      if (error != null) return new Outcome(false, "statement failed: " + firstLine(error.getMessage()) + " [" + firstLine(failedStatement) + "]");
      this.namespace = namespace;
      writeInputs(c, engine);
      String stuck = awaitCaughtUp(engine);
      if (stuck != null) return new Outcome(false, stuck);
      return compare(c, engine);
    } finally {
      try {
        engine.execute("TERMINATE ALL;", Map.of(), Map.of());
      } catch (RuntimeException ignored) {
        // A case whose statements failed may have nothing to terminate.
      }
      // Leave nothing behind: the case's logs would otherwise crowd the shared stream catalog.
      for (StreamDefinition def : node.streams().list().toCompletableFuture().get(30, TimeUnit.SECONDS)) {
        if (!def.name().startsWith(namespace + ".")) continue;
        // A terminated aggregation deletes its own repartition log meanwhile: one already gone is fine.
        node.streams().delete(def.name()).toCompletableFuture()
            .exceptionally(e -> {
              Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
              if (cause instanceof StreamSqlException s && s.code() == io.streamsql.core.error.ErrorCode.STREAM_NOT_FOUND) return null;
              throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
            })
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "null";
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl) + " …";
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  private void createTopics(QttCase c, SqlEngine engine) throws Exception {
    for (var e : c.topics().entrySet()) {
      String name;
      try {
        name = engine.logName(e.getKey());
      } catch (StreamSqlException invalid) {
        continue;
      }
      node.streams().create(name, e.getValue(), null).toCompletableFuture().handle((ok, err) -> ok).get(30, TimeUnit.SECONDS);
    }
  }

  private void writeInputs(QttCase c, SqlEngine engine) throws Exception {
    // ksqlDB's test driver processes each input before the next is piped: a query reading several
    // sources (a join) must see them in the order the case lists them, so each input waits for the last.
    boolean inOrder = engine.catalogState().queries().values().stream().anyMatch(q -> q.sources().size() > 1);
    for (JsonNode in : c.inputs()) {
      if (inOrder) {
        String stuck = awaitCaughtUp(engine);
        if (stuck != null) throw new IllegalStateException(stuck);
      }
      StreamDefinition def = node.streams().get(engine.logName(in.path("topic").asText())).toCompletableFuture().get(30, TimeUnit.SECONDS);
      // A windowed input's key is the stored WindowedKey; it is placed by its inner key, as Kafka places windowed keys.
      String keyText = QttRecord.inputKeyText(in);
      String placement = QttRecord.placementKeyText(in);
      JsonNode value = in.get("value");
      byte[] valueBytes = value == null || value.isNull() ? null : RecordJson.bytes(value);
      long ts = in.path("timestamp").asLong(0);
      int partition = in.has("partition") ? in.get("partition").asInt()
          : placement == null ? 0 : Partitioner.partitionForKey(placement, def.partitions());
      StoredRecord record = new StoredRecord(keyText, valueBytes, ts, headers(in.path("headers")));
      StatusReply<LogPartitionEntity.Appended> reply = node.streams().partition(def, partition % def.partitions())
          .<StatusReply<LogPartitionEntity.Appended>>ask(r -> new LogPartitionEntity.Append(List.of(record), def.retention(), r),
              node.settings().askTimeout())
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (reply.isError()) throw new IllegalStateException(reply.getError());
    }
  }

  /** QTT's headers ([{"KEY": name, "VALUE": base64 or null}]) as a stored record keeps them: name → base64, in order. */
  private static Map<String, String> headers(JsonNode list) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (JsonNode h : list) headers.put(h.path("KEY").asText(), h.path("VALUE").isNull() ? null : h.path("VALUE").asText());
    return headers;
  }

  /** Waits until every query has processed everything in its source; null when done, else why not. */
  /** An aggregation that repartitions has also processed all of its repartition log in its state partitions. */
  private boolean stateCaughtUp(String namespace, String queryId) throws Exception {
    String name = io.streamsql.cluster.sql.AggregationRunner.repartitionLog(namespace, queryId);
    StreamDefinition log;
    try {
      log = node.streams().get(name).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException notAnAggregation) {
      return true;
    }
    List<PartitionState> partitions = node.streams().partitionStates(log).toCompletableFuture().get(30, TimeUnit.SECONDS);
    var sharding = org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(node.system());
    for (int p = 0; p < partitions.size(); p++) {
      if (partitions.get(p).nextOffset() == 0) continue;
      var progress = sharding.entityRefFor(io.streamsql.persistence.aggregate.AggregatePartitionEntity.TYPE_KEY,
              io.streamsql.persistence.aggregate.AggregatePartitionEntity.entityId(namespace, queryId, p))
          .<io.streamsql.persistence.aggregate.AggregatePartitionEntity.Processed>ask(
              io.streamsql.persistence.aggregate.AggregatePartitionEntity.GetProgress::new, java.time.Duration.ofSeconds(30))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (progress.nextOffset() < partitions.get(p).nextOffset()) return false;
    }
    return true;
  }

  /** A join's stage one has keyed every record of its {@code i}-th source into the join's input log. */
  private boolean joinSideCaughtUp(SqlCatalogEntity.State state, SqlQuery q, int i) throws Exception {
    var source = state.sources().get(q.sources().get(i));
    StreamDefinition log = node.streams().get(source.log()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    List<PartitionState> partitions = node.streams().partitionStates(log).toCompletableFuture().get(30, TimeUnit.SECONDS);
    var sharding = org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(node.system());
    for (int p = 0; p < partitions.size(); p++) {
      if (partitions.get(p).nextOffset() == 0) continue;
      var progress = sharding.entityRefFor(io.streamsql.persistence.aggregate.AggregatePartitionEntity.TYPE_KEY,
              io.streamsql.persistence.aggregate.AggregatePartitionEntity.entityId(namespace,
                  q.id() + "-" + io.streamsql.persistence.aggregate.AggregateProcessors.JOIN_SIDE + i, p))
          .<io.streamsql.persistence.aggregate.AggregatePartitionEntity.Processed>ask(
              io.streamsql.persistence.aggregate.AggregatePartitionEntity.GetProgress::new, java.time.Duration.ofSeconds(30))
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (progress.nextOffset() < partitions.get(p).nextOffset()) return false;
    }
    return true;
  }

  private String awaitCaughtUp(SqlEngine engine) throws Exception {
    long deadline = System.currentTimeMillis() + catchUpMillis;
    String lastProblem = null;
    int stableChecks = 0;
    while (System.currentTimeMillis() < deadline) {
      SqlCatalogEntity.State state = engine.catalogState();
      boolean caughtUp = true;
      for (SqlQuery q : state.queries().values()) {
        QueryEntity.Status status = engine.queryStatus(q.id());
        if (status.lastError() != null) lastProblem = q.id() + " failed: " + firstLine(status.lastError());
        var source = state.sources().get(q.sources().get(0));
        StreamDefinition log = node.streams().get(source.log()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<PartitionState> partitions = node.streams().partitionStates(log).toCompletableFuture().get(30, TimeUnit.SECONDS);
        for (int p = 0; p < partitions.size(); p++) {
          if (status.nextOffsets().getOrDefault(p, 0L) < partitions.get(p).nextOffset()) caughtUp = false;
        }
        if (caughtUp && !stateCaughtUp(namespace, q.id())) caughtUp = false;
        for (int i = 1; caughtUp && i < q.sources().size(); i++) {
          if (!joinSideCaughtUp(state, q, i)) caughtUp = false;
        }
      }
      if (caughtUp && ++stableChecks >= 2) return null;
      if (!caughtUp) stableChecks = 0;
      Thread.sleep(25);
    }
    return "queries did not process their input within " + catchUpMillis + " ms" + (lastProblem == null ? "" : ": " + lastProblem);
  }

  /** The record window type ("time", "session") of a windowed source over the log, or null. */
  private static String windowType(SqlEngine engine, String log) {
    for (var s : engine.catalogState().sources().values()) {
      if (!s.log().equals(log)) continue;
      try {
        var w = io.streamsql.core.sql.plan.SourceSchemas.fromDdl(s.ddl()).window();
        if (w != null) return w.recordType();
      } catch (RuntimeException unreadable) {
        // Not a source this comparison can learn from.
      }
    }
    return null;
  }

  private Outcome compare(QttCase c, SqlEngine engine) throws Exception {
    Map<String, List<JsonNode>> expectedByTopic = new LinkedHashMap<>();
    for (JsonNode out : c.outputs()) expectedByTopic.computeIfAbsent(out.path("topic").asText(), t -> new ArrayList<>()).add(out);
    for (var e : expectedByTopic.entrySet()) {
      StreamDefinition def;
      try {
        def = node.streams().get(engine.logName(e.getKey())).toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception missing) {
        return new Outcome(false, "output topic " + e.getKey() + " does not exist");
      }
      List<LogEntry> actual = node.reader().read(def, null, new ReadPosition.Earliest(), false)
          .runWith(Sink.seq(), node.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      List<QttRecord> records = new ArrayList<>();
      for (LogEntry a : actual) {
        StoredRecord r = a.record();
        records.add(new QttRecord(r.key() == null ? NullNode.getInstance() : RecordJson.read(r.key()),
            r.value() == null ? NullNode.getInstance() : RecordJson.read(r.value()), r.timestamp()));
      }
      String problem = QttRecord.compareTopic(e.getKey(), e.getValue(), records, windowType(engine, def.name()));
      if (problem != null) return new Outcome(false, problem);
    }
    return new Outcome(true, null);
  }

}

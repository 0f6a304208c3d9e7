package io.streamsql.cluster.sql.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.TestCassandra;
import io.streamsql.cluster.sql.SqlEngine;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.pull.PullQueryRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pull queries against one node on the real Cassandra: key lookups, IN, ranges and scans of an
 * aggregation's materialized table, window bounds of a windowed one, the latest rows of a table
 * that is not materialized, bounded reads of a stream, LIMIT, and ksqlDB's refusals.
 */
class PullQueriesIT {
  private static StreamSqlNode node;
  private static SqlEngine engine;
  private static QueryService queries;

  /** Categories c0 … c4; record i (0 … 49) has category c(i % 5), x = i, time 1000 * (i % 3) (three 1-second windows). */
  @BeforeAll
  static void start() throws Exception {
    node = StreamSqlNode.start(TestCassandra.nodeConfig(""));
    String namespace = "pull_" + UUID.randomUUID().toString().substring(0, 8);
    engine = node.sql(namespace);
    queries = node.queries(namespace);
    engine.execute("""
        CREATE STREAM SRC (K STRING KEY, CAT STRING, X BIGINT) WITH (kafka_topic='src', partitions=3, value_format='JSON');
        CREATE TABLE BY_CAT AS SELECT CAT, COUNT(*) AS N, SUM(X) AS TOTAL FROM SRC GROUP BY CAT;
        CREATE TABLE PER_SECOND AS SELECT CAT, COUNT(*) AS N FROM SRC WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY CAT;
        CREATE TABLE USERS (ID STRING PRIMARY KEY, NAME STRING, AGE INT) WITH (kafka_topic='users', partitions=3, value_format='JSON');
        """, Map.of(), Map.of());
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      script.append("INSERT INTO SRC (ROWTIME, K, CAT, X) VALUES (").append(1000 * (i % 3)).append(", 'k").append(i)
          .append("', 'c").append(i % 5).append("', ").append(i).append(");\n");
    }
    for (int i = 0; i < 10; i++) {
      script.append("INSERT INTO USERS (ID, NAME, AGE) VALUES ('u").append(i).append("', 'name").append(i).append("', ").append(20 + i)
          .append(");\n");
    }
    script.append("INSERT INTO USERS (ID, NAME, AGE) VALUES ('u3', 'renamed', 99);\n");
    engine.execute(script.toString(), Map.of(), Map.of());
    // The aggregations run asynchronously: wait until their state holds every record.
    awaitRows("SELECT CAT, N, TOTAL FROM BY_CAT;",
        List.of("[\"c0\",10,225]", "[\"c1\",10,235]", "[\"c2\",10,245]", "[\"c3\",10,255]", "[\"c4\",10,265]"));
    List<String> windows = new ArrayList<>();
    for (int c = 0; c < 5; c++) {
      int[] perWindow = new int[3];
      for (int i = c; i < 50; i += 5) perWindow[i % 3]++;
      for (int w = 0; w < 3; w++) windows.add("[\"c" + c + "\"," + (1000 * w) + "," + perWindow[w] + "]");
    }
    awaitRows("SELECT CAT, WINDOWSTART AS WS, N FROM PER_SECOND;", sorted(windows));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  private static QueryResult result(String sql) throws Exception {
    return queries.execute(sql, Map.of(), Map.of()).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Each row as its JSON array text, in the order the query gave them. */
  private static List<String> rows(String sql) throws Exception {
    List<List<JsonNode>> rows = result(sql).rows().runWith(Sink.seq(), node.system()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    List<String> out = new ArrayList<>();
    for (List<JsonNode> row : rows) {
      List<String> values = new ArrayList<>();
      for (JsonNode v : row) values.add(v == null ? "null" : v.toString());
      out.add("[" + String.join(",", values) + "]");
    }
    return out;
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    java.util.Collections.sort(copy);
    return copy;
  }

  /** Polls until the query gives {@code expected} (the aggregations catch up asynchronously). */
  private static void awaitRows(String sql, List<String> expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    List<String> last = null;
    while (System.nanoTime() < deadline) {
      last = sorted(rows(sql));
      if (last.equals(sorted(expected))) return;
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError(sql + " never gave " + expected + "; last " + last);
  }

  private static StreamSqlException refusal(String sql) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> queries.execute(sql, Map.of(), Map.of()).toCompletableFuture().get(60, TimeUnit.SECONDS));
    StreamSqlException error = assertInstanceOf(StreamSqlException.class, e.getCause());
    assertEquals(ErrorCode.SQL_ERROR, error.code());
    return error;
  }

  // c0: records 0,5,…,45 → n 10, total 225; c1: 235; c2: 245; c3: 255; c4: 265.

  @Test
  void keyLookupOfAnAggregationGivesKeyThenValueColumns() throws Exception {
    QueryResult r = result("SELECT * FROM BY_CAT WHERE CAT = 'c1';");
    assertEquals(List.of("CAT", "N", "TOTAL"), r.columnNames());
    assertEquals(List.of("STRING", "BIGINT", "BIGINT"), r.columnTypes());
    assertEquals(null, r.queryId());
    assertEquals(List.of("[\"c1\",10,235]"), rows("SELECT * FROM BY_CAT WHERE CAT = 'c1';"));
  }

  @Test
  void aMissingKeyGivesNoRows() throws Exception {
    assertEquals(List.of(), rows("SELECT * FROM BY_CAT WHERE CAT = 'nope';"));
    assertEquals(List.of(), rows("SELECT * FROM USERS WHERE ID = 'nope';"));
  }

  @Test
  void inListLooksUpEachKey() throws Exception {
    assertEquals(List.of("[\"c2\",10,245]", "[\"c4\",10,265]"), sorted(rows("SELECT * FROM BY_CAT WHERE CAT IN ('c4', 'nope', 'c2');")));
  }

  @Test
  void keyRangesAndBetweenScanWithTheWhereApplied() throws Exception {
    assertEquals(List.of("[\"c1\"]", "[\"c2\"]"), sorted(rows("SELECT CAT FROM BY_CAT WHERE CAT >= 'c1' AND CAT < 'c3';")));
    assertEquals(List.of("[\"c3\"]", "[\"c4\"]"), sorted(rows("SELECT CAT FROM BY_CAT WHERE CAT > 'c2';")));
    assertEquals(List.of("[\"c0\"]", "[\"c1\"]"), sorted(rows("SELECT CAT FROM BY_CAT WHERE CAT <= 'c1';")));
    assertEquals(List.of("[\"c1\"]", "[\"c2\"]", "[\"c3\"]"), sorted(rows("SELECT CAT FROM BY_CAT WHERE CAT BETWEEN 'c1' AND 'c3';")));
  }

  @Test
  void scanWithAValuePredicateAndProjectedExpressions() throws Exception {
    QueryResult r = result("SELECT CAT, TOTAL * 2 AS DOUBLED, UCASE(CAT) AS UP FROM BY_CAT WHERE TOTAL > 250;");
    assertEquals(List.of("CAT", "DOUBLED", "UP"), r.columnNames());
    assertEquals(List.of("[\"c3\",510,\"C3\"]", "[\"c4\",530,\"C4\"]"),
        sorted(rows("SELECT CAT, TOTAL * 2 AS DOUBLED, UCASE(CAT) AS UP FROM BY_CAT WHERE TOTAL > 250;")));
  }

  @Test
  void columnsComeInProjectionOrderWithOrWithoutTheKey() throws Exception {
    QueryResult r = result("SELECT N, CAT FROM BY_CAT WHERE CAT = 'c0';");
    assertEquals(List.of("N", "CAT"), r.columnNames());
    assertEquals(List.of("[10,\"c0\"]"), rows("SELECT N, CAT FROM BY_CAT WHERE CAT = 'c0';"));
    assertEquals(List.of("[225]"), rows("SELECT TOTAL FROM BY_CAT WHERE CAT = 'c0';"));
    assertEquals(List.of("[\"c0\"]"), rows("SELECT CAT FROM BY_CAT WHERE CAT = 'c0';"));
  }

  @Test
  void limitStopsAfterThatManyRows() throws Exception {
    assertEquals(2, rows("SELECT * FROM BY_CAT LIMIT 2;").size());
    assertEquals(5, rows("SELECT * FROM BY_CAT LIMIT 50;").size());
    assertEquals(3, rows("SELECT * FROM SRC LIMIT 3;").size());
  }

  @Test
  void windowedTableGivesWindowBoundsAfterTheKeyAndFiltersOnThem() throws Exception {
    // c1: records 1, 6, …, 46, each in window 1000 * (i % 3).
    QueryResult r = result("SELECT * FROM PER_SECOND WHERE CAT = 'c1';");
    assertEquals(List.of("CAT", "WINDOWSTART", "WINDOWEND", "N"), r.columnNames());
    assertEquals(List.of("STRING", "BIGINT", "BIGINT", "BIGINT"), r.columnTypes());
    int[] perWindow = new int[3];
    for (int i = 1; i < 50; i += 5) perWindow[i % 3]++;
    assertEquals(List.of(
        "[\"c1\",0,1000," + perWindow[0] + "]", "[\"c1\",1000,2000," + perWindow[1] + "]", "[\"c1\",2000,3000," + perWindow[2] + "]"),
        sorted(rows("SELECT * FROM PER_SECOND WHERE CAT = 'c1';")));
    assertEquals(List.of("[\"c1\",1000,2000," + perWindow[1] + "]"),
        rows("SELECT * FROM PER_SECOND WHERE CAT = 'c1' AND WINDOWSTART = 1000;"));
    assertEquals(List.of("[\"c1\",1000,2000," + perWindow[1] + "]", "[\"c1\",2000,3000," + perWindow[2] + "]"),
        sorted(rows("SELECT * FROM PER_SECOND WHERE CAT = 'c1' AND WINDOWSTART >= 1000 AND WINDOWEND <= 3000;")));
    assertEquals(5, rows("SELECT CAT, N FROM PER_SECOND WHERE WINDOWSTART = 2000;").size());
    assertEquals(List.of(), rows("SELECT * FROM PER_SECOND WHERE CAT = 'c1' AND WINDOWSTART = 5000;"));
  }

  @Test
  void aTableOverATopicGivesItsLatestRowPerKey() throws Exception {
    assertEquals(List.of("[\"u3\",\"renamed\",99]"), rows("SELECT * FROM USERS WHERE ID = 'u3';"));
    assertEquals(List.of("[\"u1\",\"name1\",21]", "[\"u3\",\"renamed\",99]"), sorted(rows("SELECT * FROM USERS WHERE ID IN ('u1', 'u3');")));
    assertEquals(10, rows("SELECT * FROM USERS;").size());
    assertEquals(List.of("[\"name8\"]", "[\"name9\"]", "[\"renamed\"]"), sorted(rows("SELECT NAME FROM USERS WHERE AGE >= 28;")));
  }

  @Test
  void aStreamIsReadAsItIsWhenTheQueryStarts() throws Exception {
    QueryResult r = result("SELECT * FROM SRC;");
    assertEquals(List.of("K", "CAT", "X"), r.columnNames());
    assertEquals(50, rows("SELECT * FROM SRC;").size());
    assertEquals(List.of("[\"k31\",31]", "[\"k36\",36]", "[\"k41\",41]", "[\"k46\",46]"),
        sorted(rows("SELECT K, X FROM SRC WHERE CAT = 'c1' AND X > 30;")));
  }

  @Test
  void unsupportedConstructsAreRefusedWithKsqlDbsMessages() {
    assertEquals("Pull queries don't support GROUP BY clauses." + PullQueryRules.SYNTAX_HELP,
        refusal("SELECT CAT, COUNT(*) FROM SRC GROUP BY CAT;").getMessage());
    assertEquals("Pull queries don't support EMIT clauses." + PullQueryRules.SYNTAX_HELP,
        refusal("SELECT * FROM BY_CAT EMIT FINAL;").getMessage());
    assertEquals("Pull queries don't support the following columns in SELECT clauses: ROWOFFSET\n" + PullQueryRules.SYNTAX_HELP,
        refusal("SELECT ROWOFFSET FROM SRC;").getMessage());
    assertEquals("Pull queries don't support JOIN clauses." + PullQueryRules.SYNTAX_HELP,
        refusal("SELECT * FROM SRC JOIN USERS ON SRC.K = USERS.ID;").getMessage());
    assertTrue(refusal("SELECT * FROM NOPE WHERE K = 'a';").getMessage().contains("NOPE does not exist"));
    assertTrue(refusal("SELECT * FROM BY_CAT WHERE NOPE = 1;").getMessage().contains("NOPE"));
  }
}

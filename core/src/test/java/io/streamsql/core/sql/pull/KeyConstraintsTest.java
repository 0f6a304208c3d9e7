package io.streamsql.core.sql.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.plan.SourceSchemas;
import io.streamsql.core.sql.tree.Query;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which keys a pull query's WHERE pins down; anything it cannot prove leaves a scan. */
class KeyConstraintsTest {
  private static final SourceSchema BY_NAME = source(
      "CREATE TABLE T (NAME STRING PRIMARY KEY, N BIGINT) WITH (kafka_topic='t', value_format='JSON');");
  private static final SourceSchema BY_ID = source(
      "CREATE TABLE T (ID BIGINT PRIMARY KEY, N BIGINT) WITH (kafka_topic='t', value_format='JSON');");
  private static final SourceSchema TWO_KEYS = source(
      "CREATE TABLE T (A STRING PRIMARY KEY, B INT PRIMARY KEY, N BIGINT) WITH (kafka_topic='t', format='JSON');");
  private static final SourceSchema WINDOWED = source(
      "CREATE TABLE T (NAME STRING PRIMARY KEY, N BIGINT) WITH (kafka_topic='t', value_format='JSON', window_type='tumbling', window_size='1 second');");

  static SourceSchema source(String ddl) {
    return SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree()));
  }

  static Query query(String sql) {
    var tree = (StreamSqlParser.QueryStatementContext) SqlParser.parse(sql).get(0).tree();
    return new Query(sql, "T", tree.query());
  }

  private static Optional<KeyConstraints.KeyLookup> keys(String sql, SourceSchema source) {
    return KeyConstraints.of(query(sql), source);
  }

  @Test
  void anEqualityOnTheKeyIsALookupOfThatKey() {
    assertEquals(List.of(List.of("a")), keys("SELECT * FROM T WHERE NAME = 'a';", BY_NAME).orElseThrow().keys());
    assertEquals(List.of(List.of("a")), keys("SELECT * FROM T WHERE T.NAME = 'a' AND N > 3;", BY_NAME).orElseThrow().keys());
    assertEquals(List.of(List.of("a")), keys("SELECT * FROM T WHERE (N > 3 AND (NAME = 'a'));", BY_NAME).orElseThrow().keys());
  }

  @Test
  void aWhereOfOnlyKeyConstraintsIsCoveredByTheLookup() {
    assertTrue(keys("SELECT * FROM T WHERE NAME = 'a';", BY_NAME).orElseThrow().coversWhere());
    assertTrue(keys("SELECT * FROM T WHERE NAME IN ('a', 'b') AND NAME = 'a';", BY_NAME).orElseThrow().coversWhere());
    assertTrue(keys("SELECT * FROM T WHERE NAME = 'a' AND WINDOWSTART = 1000;", WINDOWED).orElseThrow().coversWhere());
    assertFalse(keys("SELECT * FROM T WHERE NAME = 'a' AND N > 3;", BY_NAME).orElseThrow().coversWhere());
    assertFalse(keys("SELECT * FROM T WHERE NAME = 'a' AND WINDOWEND = 1000;", WINDOWED).orElseThrow().coversWhere());
  }

  @Test
  void withoutWhereKeepsTheRestOfTheQuery() {
    assertEquals("SELECT NAME, N * 2 AS D FROM T  LIMIT 3",
        query("SELECT NAME, N * 2 AS D FROM T WHERE NAME = 'a' LIMIT 3;").withoutWhere().text());
    assertEquals(null, query("SELECT * FROM T WHERE NAME = 'a';").withoutWhere().tree().where);
  }

  @Test
  void anInListIsALookupOfEachKey() {
    assertEquals(List.of(List.of("a"), List.of("b")), keys("SELECT * FROM T WHERE NAME IN ('a', 'b', 'a');", BY_NAME).orElseThrow().keys());
  }

  @Test
  void constantsAreWidenedToTheKeyTypeAndEvaluated() {
    assertEquals(List.of(List.of(7L)), keys("SELECT * FROM T WHERE ID = 7;", BY_ID).orElseThrow().keys());
    assertEquals(List.of(List.of(12L)), keys("SELECT * FROM T WHERE ID = 3 * 4;", BY_ID).orElseThrow().keys());
    assertEquals(List.of(List.of("AB")), keys("SELECT * FROM T WHERE NAME = UCASE('a') + 'B';", BY_NAME).orElseThrow().keys());
  }

  @Test
  void everyKeyColumnMustBePinnedAndCombinationsAreMultiplied() {
    assertTrue(keys("SELECT * FROM T WHERE A = 'x';", TWO_KEYS).isEmpty());
    assertEquals(List.of(List.of("x", 1), List.of("x", 2)),
        keys("SELECT * FROM T WHERE A = 'x' AND B IN (1, 2);", TWO_KEYS).orElseThrow().keys());
  }

  @Test
  void contradictoryConstraintsAndNullMatchNoKey() {
    assertEquals(List.of(), keys("SELECT * FROM T WHERE NAME = 'a' AND NAME = 'b';", BY_NAME).orElseThrow().keys());
    assertEquals(List.of(List.of("b")), keys("SELECT * FROM T WHERE NAME IN ('a', 'b') AND NAME = 'b';", BY_NAME).orElseThrow().keys());
    assertEquals(List.of(), keys("SELECT * FROM T WHERE NAME = NULL;", BY_NAME).orElseThrow().keys());
  }

  @Test
  void rangesDisjunctionsNegationsAndColumnComparisonsScan() {
    assertTrue(keys("SELECT * FROM T;", BY_NAME).isEmpty());
    assertTrue(keys("SELECT * FROM T WHERE NAME > 'a';", BY_NAME).isEmpty());
    assertTrue(keys("SELECT * FROM T WHERE NAME BETWEEN 'a' AND 'c';", BY_NAME).isEmpty());
    assertTrue(keys("SELECT * FROM T WHERE NAME = 'a' OR NAME = 'b';", BY_NAME).isEmpty());
    assertTrue(keys("SELECT * FROM T WHERE NOT NAME = 'a';", BY_NAME).isEmpty());
    assertTrue(keys("SELECT * FROM T WHERE NAME NOT IN ('a');", BY_NAME).isEmpty());
    assertTrue(keys("SELECT * FROM T WHERE NAME = CAST(N AS STRING);", BY_NAME).isEmpty());
    assertTrue(keys("SELECT * FROM T WHERE N = 3;", BY_NAME).isEmpty());
  }

  @Test
  void aConstantOfAnotherTypeScansRatherThanGuess() {
    assertTrue(keys("SELECT * FROM T WHERE ID = 7.5;", BY_ID).isEmpty());
    assertTrue(keys("SELECT * FROM T WHERE NAME = 7;", BY_NAME).isEmpty());
  }

  @Test
  void windowStartEqualityPinsTheWindow() {
    var lookup = keys("SELECT * FROM T WHERE NAME = 'a' AND WINDOWSTART = 1000;", WINDOWED).orElseThrow();
    assertEquals(List.of(List.of("a")), lookup.keys());
    assertEquals(1000L, lookup.windowStart());
    assertEquals(null, keys("SELECT * FROM T WHERE NAME = 'a' AND WINDOWSTART >= 1000;", WINDOWED).orElseThrow().windowStart());
  }
}

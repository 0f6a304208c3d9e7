package io.streamsql.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlParserTest {
  @Test
  void parsesTheStatementKindsOfTheDialect() {
    List<String> statements = List.of(
        "CREATE STREAM pageviews (viewtime BIGINT, user_id VARCHAR KEY, page STRUCT<url STRING, n ARRAY<INT>>) "
            + "WITH (kafka_topic='pv', value_format='JSON', partitions=4)",
        "CREATE OR REPLACE TABLE users (id STRING PRIMARY KEY, m MAP<STRING, DECIMAL(4,2)>) WITH (kafka_topic='u', format='JSON')",
        "CREATE STREAM s2 AS SELECT id, CAST(x AS BIGINT) AS y, a->b, arr[1], CASE WHEN x > 1 THEN 'a' ELSE 'b' END "
            + "FROM s WHERE x IS NOT NULL AND y BETWEEN 1 AND 5 OR z IN (1, 2) AND name LIKE 'a%' PARTITION BY id EMIT CHANGES",
        "CREATE TABLE t AS SELECT id, COUNT(*) FROM s WINDOW TUMBLING (SIZE 30 SECONDS, GRACE PERIOD 1 MINUTE) GROUP BY id",
        "SELECT * FROM s LEFT JOIN t ON s.id = t.id EMIT CHANGES LIMIT 10",
        "SELECT transform(arr, x => x + 1), reduce(m, 0, (s, k, v) => s + v) FROM s",
        "INSERT INTO s (id, v) VALUES ('a', 1.5)",
        "INSERT INTO s2 SELECT * FROM s",
        "SHOW STREAMS", "LIST TABLES EXTENDED", "DESCRIBE EXTENDED s", "DESCRIBE FUNCTION substring",
        "EXPLAIN CSAS_S2_1", "DROP STREAM IF EXISTS s DELETE TOPIC", "TERMINATE ALL",
        "DEFINE topic = 'pv'", "UNDEFINE topic", "SET 'auto.offset.reset' = 'earliest'", "UNSET 'auto.offset.reset'",
        "CREATE STREAM x (a INT) WITH (kafka_topic='${topic}', value_format='JSON')",
        "select `Quoted Col`, \"other\" from `s`");
    for (String sql : statements) {
      List<SqlParser.ParsedStatement> parsed = SqlParser.parse(sql + ";");
      assertEquals(1, parsed.size(), sql);
    }
  }

  @Test
  void scriptsSplitIntoStatementsWithTheirText() {
    List<SqlParser.ParsedStatement> parsed = SqlParser.parse("SHOW STREAMS;\n-- comment\nDROP TABLE t;");
    assertEquals(2, parsed.size());
    assertEquals("DROP TABLE t", parsed.get(1).text());
    assertEquals(3, parsed.get(1).line());
    assertInstanceOf(StreamSqlParser.DropTableContext.class, parsed.get(1).tree());
  }

  @Test
  void syntaxErrorsNameLineAndColumn() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> SqlParser.parse("SHOW STREAMS;\nSELECT FROM WHERE;"));
    assertEquals(ErrorCode.SQL_SYNTAX_ERROR, e.code());
    assertEquals(2, e.details().get("line"));
    assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
  }

  @Test
  void syntaxErrorsUseKsqlDbsTextWithTheExpectedTokensAndTheStatement() {
    StreamSqlException e = assertThrows(StreamSqlException.class,
        () -> SqlParser.parse("SHOW STREAMS;\nCREATE STREAM INPUT (K INT (KEY)) WITH (kafka_topic='i;x');\nSHOW TABLES;"));
    assertEquals("line 2:29: Syntax Error\nExpecting {'STRING', INTEGER_VALUE}\nStatement: CREATE STREAM INPUT (K INT (KEY)) "
        + "WITH (kafka_topic='i;x');", e.getMessage());
  }

  @Test
  void typeParametersAreAcceptedAsKsqlDbAcceptsThem() {
    assertEquals(1, SqlParser.parse("CREATE STREAM I (k VARCHAR(STRING) KEY, v VARCHAR(10), string STRING) WITH (kafka_topic='i');").size());
  }

  @Test
  void partitionByAndGroupByTakeValueExpressionsOnly() {
    // partition-by.json / group-by.json "complex expressions": ksqlDB's grammar refuses a boolean key.
    for (String sql : List.of("CREATE STREAM O AS SELECT * FROM I PARTITION BY NAME AND AGE",
        "CREATE TABLE O AS SELECT COUNT(*) FROM I GROUP BY DATA AND ID")) {
      StreamSqlException e = assertThrows(StreamSqlException.class, () -> SqlParser.parse(sql));
      assertTrue(e.getMessage().contains("Syntax Error"), e.getMessage());
    }
    SqlParser.parse("CREATE STREAM O AS SELECT * FROM I PARTITION BY ID + 1, UCASE(NAME), S->F");
  }
}

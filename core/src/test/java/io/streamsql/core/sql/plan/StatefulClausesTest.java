package io.streamsql.core.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.fn.FunctionRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GROUP BY, WINDOW and JOIN: ksqlDB's errors for invalid statements, else a clear "not supported yet". */
class StatefulClausesTest {
  private final QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());
  private static final SourceSchema STREAM = SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(
      "CREATE STREAM INPUT (ID STRING KEY, NAME STRING, V BIGINT) WITH (kafka_topic='t', value_format='JSON', partitions=1);")
      .get(0).tree()));

  private static StreamSqlParser.QueryContext query(StreamSqlParser.StatementContext s) {
    if (s instanceof StreamSqlParser.CreateStreamAsContext c) return c.query();
    return ((StreamSqlParser.CreateTableAsContext) s).query();
  }

  private String error(String statement) {
    StreamSqlParser.StatementContext tree = SqlParser.parse(statement).get(0).tree();
    CreateSource.Kind kind = tree instanceof StreamSqlParser.CreateStreamAsContext ? CreateSource.Kind.STREAM : CreateSource.Kind.TABLE;
    return assertThrows(StreamSqlException.class,
        () -> planner.plan(query(tree), STREAM, new SinkSpec("OUTPUT", kind, Map.of(), null), ProcessingLog.IGNORE)).getMessage();
  }

  @Test
  void anAggregationIntoAStreamIsRefused() {
    assertEquals("Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.",
        error("CREATE STREAM OUTPUT AS SELECT NAME, COUNT(*) AS C FROM INPUT GROUP BY NAME;"));
  }

  @Test
  void theResultKindOfAnAggregationIsATable() {
    StreamSqlParser.QueryContext q = query(SqlParser.parse("CREATE TABLE OUTPUT AS SELECT NAME, COUNT(*) AS C FROM INPUT GROUP BY NAME;")
        .get(0).tree());
    StatefulClauses.checkResultKind(q, STREAM, CreateSource.Kind.TABLE);
    assertEquals("Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.",
        error("CREATE STREAM OUTPUT AS SELECT NAME, COUNT(*) AS C FROM INPUT GROUP BY NAME;"));
  }

  @Test
  void aWindowNeedsAGroupBy() {
    // ksqlDB's windowed-source.json "window without group by".
    assertEquals("WINDOW clause requires a GROUP BY clause.",
        error("CREATE STREAM OUTPUT as SELECT * FROM INPUT WINDOW TUMBLING (SIZE 30 SECONDS);"));
  }

  @Test
  void emitFinalNeedsAWindowedAggregation() {
    assertEquals("EMIT FINAL is only supported for windowed aggregations.",
        error("CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT GROUP BY ID EMIT FINAL;"));
  }

  @Test
  void joinsOfASourceWithItselfAreRefusedAsKsqlDbDoes() {
    assertEquals("Can not join 'INPUT' to 'INPUT': self joins are not yet supported.",
        error("CREATE STREAM OUTPUT AS SELECT * FROM INPUT I1 JOIN INPUT I2 WITHIN 1 MINUTE ON I1.ID = I2.ID;"));
  }
}

package io.streamsql.core.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.fn.FunctionRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GROUP BY planned, stored, rebuilt and run in memory: grouped rows, then a state partition's outputs. */
class AggregationTest {
  private static final String SOURCE = "CREATE STREAM SRC (K STRING KEY, ID BIGINT, NAME STRING, V INT) "
      + "WITH (kafka_topic='src', value_format='JSON');";

  private final QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());
  private final PlanCompiler compiler = new PlanCompiler(FunctionRegistry.standard());

  private PlannedQuery plan(String ctas) {
    SourceSchema source = SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(SOURCE).get(0).tree()));
    var tree = (StreamSqlParser.CreateTableAsContext) SqlParser.parse(ctas).get(0).tree();
    return planner.plan(tree.query(), source, new SinkSpec(SourceStatements.identifier(tree.sourceName().identifier()),
        CreateSource.Kind.TABLE, Map.of(), null), ProcessingLog.IGNORE);
  }

  /** Runs records (key, value, timestamp) through both stages and returns "key|value" outputs. */
  private static List<String> run(PlannedQuery q, AggregateProcessor state, Object[]... records) {
    List<String> out = new ArrayList<>();
    long offset = 0;
    for (Object[] r : records) {
      List<OutputRecord> grouped = new ArrayList<>();
      q.processor().process(new InputRecord((String) r[0], ((String) r[1]).getBytes(StandardCharsets.UTF_8), (Long) r[2], 0, offset), grouped::add);
      for (OutputRecord g : grouped) {
        state.process(new InputRecord(g.keyJson(), g.valueJson(), g.timestamp(), 0, offset),
            o -> out.add(o.keyJson() + "|" + (o.valueJson() == null ? null : new String(o.valueJson(), StandardCharsets.UTF_8))));
      }
      offset++;
    }
    return out;
  }

  @Test
  void countsAndSumsPerGroupAcrossARestoredState() throws Exception {
    PlannedQuery q = plan("CREATE TABLE OUT AS SELECT NAME, COUNT(*) AS C, SUM(V) AS S FROM SRC WHERE ID > 0 GROUP BY NAME;");
    assertTrue(q.aggregation().repartition());
    AggregateProcessor state = q.aggregation().newPartition().get();
    assertEquals(List.of("\"a\"|{\"C\":1,\"S\":2}", "\"b\"|{\"C\":1,\"S\":5}", "\"a\"|{\"C\":2,\"S\":3}"),
        run(q, state, new Object[] {"\"x\"", "{\"ID\":1,\"NAME\":\"a\",\"V\":2}", 1L},
            new Object[] {"\"y\"", "{\"ID\":1,\"NAME\":\"b\",\"V\":5}", 2L},
            new Object[] {"\"z\"", "{\"ID\":0,\"NAME\":\"b\",\"V\":5}", 2L},
            new Object[] {"\"z\"", "{\"ID\":3,\"NAME\":\"a\",\"V\":1}", 3L}));
    // What a state partition journals rebuilds the same state in a new processor.
    var mapper = io.streamsql.core.format.Json.MAPPER;
    QueryPlan stored = mapper.readValue(mapper.writeValueAsBytes(q.plan()), QueryPlan.class);
    assertEquals(q.plan(), stored);
    PlannedQuery rebuilt = compiler.compile(stored, ProcessingLog.IGNORE);
    AggregateProcessor restored = rebuilt.aggregation().newPartition().get();
    state.drainChanges().forEach(restored::restore);
    assertEquals(List.of("\"b\"|{\"C\":2,\"S\":9}"), run(rebuilt, restored, new Object[] {"\"q\"", "{\"ID\":1,\"NAME\":\"b\",\"V\":4}", 4L}));
  }

  @Test
  void tumblingWindowsKeyOutputsByWindowAndDropLateRecords() {
    PlannedQuery q = plan("CREATE TABLE OUT AS SELECT K, COUNT(*) AS C, WINDOWSTART AS WS FROM SRC "
        + "WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY K;");
    assertFalse(q.aggregation().repartition());
    assertEquals(SourceWindow.Type.TUMBLING, q.sink().window().type());
    AggregateProcessor state = q.aggregation().newPartition().get();
    assertEquals(List.of(
        "{\"key\":\"a\",\"start\":0,\"end\":10000}|{\"C\":1,\"WS\":0}",
        "{\"key\":\"a\",\"start\":0,\"end\":10000}|{\"C\":2,\"WS\":0}",
        "{\"key\":\"a\",\"start\":10000,\"end\":20000}|{\"C\":1,\"WS\":10000}"),
        run(q, state, new Object[] {"\"a\"", "{\"V\":1}", 1000L}, new Object[] {"\"a\"", "{\"V\":1}", 9000L},
            new Object[] {"\"a\"", "{\"V\":1}", 12000L}, new Object[] {"\"a\"", "{\"V\":1}", 5000L}));
  }

  @Test
  void sessionsMergeAndDeleteTheSessionsTheyReplace() {
    PlannedQuery q = plan("CREATE TABLE OUT AS SELECT K, COUNT(*) AS C FROM SRC WINDOW SESSION (5 SECONDS) GROUP BY K;");
    AggregateProcessor state = q.aggregation().newPartition().get();
    assertEquals(List.of(
        "{\"key\":\"a\",\"start\":0,\"end\":0}|{\"C\":1}",
        "{\"key\":\"a\",\"start\":10000,\"end\":10000}|{\"C\":1}",
        "{\"key\":\"a\",\"start\":0,\"end\":0}|null",
        "{\"key\":\"a\",\"start\":10000,\"end\":10000}|null",
        "{\"key\":\"a\",\"start\":0,\"end\":10000}|{\"C\":3}"),
        run(q, state, new Object[] {"\"a\"", "{\"V\":1}", 0L}, new Object[] {"\"a\"", "{\"V\":1}", 10000L},
            new Object[] {"\"a\"", "{\"V\":1}", 5000L}));
  }

  @Test
  void refusesWhatKsqlDbRefuses() {
    assertMessage("Non-aggregate SELECT expression(s) not part of GROUP BY: ID\nEither add",
        "CREATE TABLE OUT AS SELECT NAME, ID, COUNT(*) FROM SRC GROUP BY NAME;");
    assertMessage("The query used to build `OUT` must include the grouping expression NAME in its projection",
        "CREATE TABLE OUT AS SELECT COUNT(*) FROM SRC GROUP BY NAME;");
    assertMessage("GROUP BY does not support aggregate functions: SUM is an aggregate function.",
        "CREATE TABLE OUT AS SELECT NAME, COUNT(*) FROM SRC GROUP BY NAME, SUM(V);");
    assertMessage("GROUP BY requires aggregate functions in either the SELECT or HAVING clause.",
        "CREATE TABLE OUT AS SELECT NAME, V FROM SRC GROUP BY NAME, V;");
    assertMessage("Aggregate functions can not be nested: SUM(COUNT())",
        "CREATE TABLE OUT AS SELECT NAME, SUM(COUNT(*)) FROM SRC GROUP BY NAME;");
  }

  private void assertMessage(String expected, String sql) {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> plan(sql));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}

package io.streamsql.core.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** A stored plan, serialized and read back, rebuilds operators that emit exactly what the planned query emits. */
class PlanCompilerTest {
  private static final String SOURCE = "CREATE STREAM SRC (K STRING KEY, ID BIGINT, NAME STRING, S STRUCT<A INT, `b` STRING>, "
      + "XS ARRAY<INT>) WITH (kafka_topic='src', value_format='JSON');";

  private final QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());
  private final PlanCompiler compiler = new PlanCompiler(FunctionRegistry.standard());

  private PlannedQuery plan(String csas) {
    SourceSchema source = SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(SOURCE).get(0).tree()));
    var tree = (StreamSqlParser.CreateStreamAsContext) SqlParser.parse(csas).get(0).tree();
    return planner.plan(tree.query(), source, new SinkSpec(SourceStatements.identifier(tree.sourceName().identifier()),
        CreateSource.Kind.STREAM, Map.of(), null), ProcessingLog.IGNORE);
  }

  private static List<String> run(PlannedQuery q, String key, String value) {
    List<String> out = new ArrayList<>();
    q.processor().process(new InputRecord(key, value.getBytes(StandardCharsets.UTF_8), 5, 0, 7),
        r -> out.add(r.keyJson() + "|" + new String(r.valueJson(), StandardCharsets.UTF_8)));
    return out;
  }

  private static QueryPlan roundTrip(QueryPlan plan) throws Exception {
    // Jackson as the journal uses it (CBOR there; the record mapping is the same).
    var mapper = io.streamsql.core.format.Json.MAPPER;
    return mapper.readValue(mapper.writeValueAsBytes(plan), QueryPlan.class);
  }

  @Test
  void aStoredPlanRebuildsTheSameOperators() throws Exception {
    String value = "{\"ID\":3,\"NAME\":\"ann\",\"S\":{\"A\":1,\"b\":\"x\"},\"XS\":[1,2]}";
    for (String csas : List.of(
        "CREATE STREAM OUT AS SELECT * FROM SRC WHERE ID > 2;",
        "CREATE STREAM OUT AS SELECT K, S->* FROM SRC s;",
        "CREATE STREAM OUT AS SELECT s.K, UCASE(s.NAME) AS N, ID * 2, ROWOFFSET AS OFF FROM SRC s WHERE s.NAME LIKE 'a%';",
        "CREATE STREAM OUT AS SELECT K, EXPLODE(XS) AS X FROM SRC;",
        "CREATE STREAM OUT AS SELECT K, CUBE_EXPLODE(XS) AS C, EXPLODE(XS) AS X FROM SRC;",
        "CREATE STREAM OUT AS SELECT NAME, ID FROM SRC PARTITION BY NAME;")) {
      PlannedQuery planned = plan(csas);
      QueryPlan stored = roundTrip(planned.plan());
      assertEquals(planned.plan(), stored, csas);
      PlannedQuery rebuilt = compiler.compile(stored, ProcessingLog.IGNORE);
      assertEquals(planned.sink(), rebuilt.sink(), csas);
      List<String> expected = run(planned, "\"k1\"", value);
      assertTrue(!expected.isEmpty(), csas);
      assertEquals(expected, run(rebuilt, "\"k1\"", value), csas);
    }
  }

  @Test
  void thePlanHoldsExpressionsNotTheStatement() {
    QueryPlan plan = plan("CREATE STREAM OUT AS SELECT K, UCASE(NAME) AS N FROM SRC WHERE ID > 2;").plan();
    assertEquals(QueryPlan.CURRENT_VERSION, plan.version());
    assertEquals("ID > 2", plan.filter());
    assertEquals(List.of(new QueryPlan.Column("K", "K", true), new QueryPlan.Column("N", "UCASE(NAME)", false)), plan.columns());
  }

  @Test
  void anUnknownPlanVersionIsRefused() {
    QueryPlan plan = plan("CREATE STREAM OUT AS SELECT * FROM SRC;").plan();
    QueryPlan future = new QueryPlan(plan.version() + 10, plan.sourceDdl(), plan.sourceAlias(), plan.sinkDdl(), plan.filter(),
        plan.columns(), plan.keyPassesThrough());
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> compiler.compile(future, ProcessingLog.IGNORE));
    assertTrue(e.getMessage().contains("version 11"), e.getMessage());
  }
}

package io.streamsql.core.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * An error while one record is processed never stops the query: it goes to the processing log
 * with the record, and the failing part is null, as ksqlDB does (ksql.nested.error.set.null).
 */
class RecordErrorsTest {
  private final QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());
  private final List<String> errors = new ArrayList<>();
  private final List<InputRecord> logged = new ArrayList<>();

  private PlannedQuery plan(String ddl, String csas) {
    SourceSchema source = SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree()));
    var tree = (StreamSqlParser.CreateStreamAsContext) SqlParser.parse(csas).get(0).tree();
    return planner.plan(tree.query(), source, new SinkSpec(SourceStatements.identifier(tree.sourceName().identifier()),
        CreateSource.Kind.STREAM, Map.of(), null), (message, record) -> {
          errors.add(message);
          logged.add(record);
        });
  }

  private static List<String> run(PlannedQuery q, String key, String value) {
    List<String> out = new ArrayList<>();
    q.processor().process(new InputRecord(key, value.getBytes(StandardCharsets.UTF_8), 5, 0, 7),
        r -> out.add(r.keyJson() + "|" + (r.valueJson() == null ? null : new String(r.valueJson(), StandardCharsets.UTF_8))));
    return out;
  }

  @Test
  void aNullMapKeyIsWrittenAsNullText() {
    // ksqlDB's create_map.json "create map from named tuples and some null key".
    PlannedQuery q = plan("CREATE STREAM TEST (ID STRING KEY, k1 VARCHAR, k2 VARCHAR, v1 INT) WITH (kafka_topic='t', value_format='JSON');",
        "CREATE STREAM OUTPUT AS SELECT ID, MAP(k1:=v1, NULL:=v1) as M FROM TEST;");
    List<String> out = run(q, "\"a\"", "{\"k1\":\"foo\",\"k2\":\"bar\",\"v1\":10}");
    assertEquals(1, out.size());
    assertTrue(out.get(0).startsWith("\"a\"|"), out.get(0));
    // Map entries keep ksqlDB's HashMap order, so compare the value as JSON, not as text.
    assertEquals(io.streamsql.core.sql.plan.RecordJson.read("{\"M\":{\"foo\":10,\"null\":10}}"),
        io.streamsql.core.sql.plan.RecordJson.read(out.get(0).substring("\"a\"|".length())));
    assertEquals(List.of(), errors);
  }

  @Test
  void aFailingTopLevelExpressionIsNullAndLoggedWithTheRecord() {
    PlannedQuery q = plan("CREATE STREAM I (K STRING KEY, S STRING, N INT) WITH (kafka_topic='t', value_format='JSON');",
        "CREATE STREAM O AS SELECT K, CAST(S AS INT) AS C, N FROM I;");
    assertEquals(List.of("\"a\"|{\"C\":null,\"N\":1}"), run(q, "\"a\"", "{\"S\":\"x\",\"N\":1}"));
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).startsWith("Error computing expression CAST(S AS INT) for column C with index 0"), errors.get(0));
    assertEquals(7, logged.get(0).offset());
  }

  @Test
  void aFailingArrayElementNullsOnlyThatElement() {
    PlannedQuery q = plan("CREATE STREAM I (K STRING KEY, S STRING, N INT) WITH (kafka_topic='t', value_format='JSON');",
        "CREATE STREAM O AS SELECT K, ARRAY[N, CAST(S AS INT), 3] AS A FROM I;");
    assertEquals(List.of("\"a\"|{\"A\":[1,null,3]}"), run(q, "\"a\"", "{\"S\":\"x\",\"N\":1}"));
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).startsWith("Error processing array item"), errors.get(0));
  }

  @Test
  void aFailingMapValueOrKeyNullsOnlyThatEntry() {
    PlannedQuery q = plan("CREATE STREAM I (K STRING KEY, S STRING, N INT) WITH (kafka_topic='t', value_format='JSON');",
        "CREATE STREAM O AS SELECT K, MAP('a' := N, 'b' := CAST(S AS INT)) AS M, MAP(CAST(CAST(S AS INT) AS STRING) := N) AS M2 FROM I;");
    assertEquals(List.of("\"a\"|{\"M\":{\"a\":1,\"b\":null},\"M2\":{\"null\":1}}"), run(q, "\"a\"", "{\"S\":\"x\",\"N\":1}"));
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("Error processing map value"), errors.get(0));
    assertTrue(errors.get(1).startsWith("Error processing map key"), errors.get(1));
  }

  @Test
  void aFailingStructFieldNullsOnlyThatField() {
    PlannedQuery q = plan("CREATE STREAM I (K STRING KEY, S STRING, N INT) WITH (kafka_topic='t', value_format='JSON');",
        "CREATE STREAM O AS SELECT K, STRUCT(A := N, B := CAST(S AS INT)) AS ST FROM I;");
    assertEquals(List.of("\"a\"|{\"ST\":{\"A\":1,\"B\":null}}"), run(q, "\"a\"", "{\"S\":\"x\",\"N\":1}"));
    assertTrue(errors.get(0).startsWith("Error processing struct field"), errors.get(0));
  }

  @Test
  void aFailingPartitionByKeyIsNullAndLogged() {
    PlannedQuery q = plan("CREATE STREAM I (K STRING KEY, S STRING, N INT) WITH (kafka_topic='t', value_format='JSON');",
        "CREATE STREAM O AS SELECT CAST(S AS INT) AS C, N FROM I PARTITION BY CAST(S AS INT);");
    assertEquals(List.of("null|{\"N\":1}"), run(q, "\"a\"", "{\"S\":\"x\",\"N\":1}"));
    assertTrue(errors.get(0).startsWith("Error computing new key from expression CAST(S AS INT)"), errors.get(0));
  }

  @Test
  void aFailingWhereDropsTheRecordAndIsLogged() {
    PlannedQuery q = plan("CREATE STREAM I (K STRING KEY, S STRING, N INT) WITH (kafka_topic='t', value_format='JSON');",
        "CREATE STREAM O AS SELECT K, N FROM I WHERE CAST(S AS INT) > 0;");
    assertEquals(List.of(), run(q, "\"a\"", "{\"S\":\"x\",\"N\":1}"));
    assertTrue(errors.get(0).startsWith("Error evaluating predicate"), errors.get(0));
  }
}

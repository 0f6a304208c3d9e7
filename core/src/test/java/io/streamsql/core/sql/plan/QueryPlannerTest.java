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
import org.junit.jupiter.api.Test;

class QueryPlannerTest {
  private final QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());

  private static SourceSchema source(String ddl) {
    return SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree()));
  }

  private PlannedQuery plan(SourceSchema source, String csas) {
    var tree = (StreamSqlParser.CreateStreamAsContext) SqlParser.parse(csas).get(0).tree();
    return planner.plan(tree.query(), source, new SinkSpec(SourceStatements.identifier(tree.sourceName().identifier()),
        CreateSource.Kind.STREAM, java.util.Map.of(), null), ProcessingLog.IGNORE);
  }

  private static List<String> run(PlannedQuery q, String key, String value) {
    List<String> out = new ArrayList<>();
    q.processor().process(new InputRecord(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), 5, 0, 0),
        r -> out.add(r.keyJson() + "|" + (r.valueJson() == null ? null : new String(r.valueJson(), StandardCharsets.UTF_8))));
    return out;
  }

  @Test
  void projectsAndFiltersDelimitedRecords() {
    SourceSchema s = source("CREATE STREAM TEST (K STRING KEY, ID bigint, NAME varchar, VALUE double) WITH (kafka_topic='t', value_format='DELIMITED');");
    PlannedQuery q = plan(s, "CREATE STREAM S1 as SELECT K, name FROM test where id > 100;");
    assertEquals(List.of(), run(q, "\"0\"", "\"0,zero,0.0\""));
    assertEquals(List.of("\"101\"|\"101\""), run(q, "\"101\"", "\"101,101,0.0\""));
    assertEquals("`K` STRING KEY, `NAME` STRING", q.sink().schemaText());
  }

  @Test
  void evaluatesFunctionsStructsAndArithmeticOverJson() {
    SourceSchema s = source("CREATE STREAM I (K INT KEY, A INT, B DECIMAL(4,2), S STRUCT<X STRING>, L ARRAY<INT>) WITH (kafka_topic='t', value_format='JSON');");
    PlannedQuery q = plan(s, "CREATE STREAM O AS SELECT K, A * 2 + 1 AS X, B + 1, UCASE(S->X) AS U, TRANSFORM(L, v => v * 10) AS T, "
        + "CASE WHEN A > 1 THEN 'big' ELSE 'small' END AS C, A IN (1, 2) AS I FROM I;");
    assertEquals(List.of("7|{\"X\":5,\"KSQL_COL_0\":2.50,\"U\":\"HI\",\"T\":[10,20,30],\"C\":\"big\",\"I\":true}"),
        run(q, "7", "{\"a\":2,\"b\":1.5,\"s\":{\"X\":\"hi\"},\"l\":[1,2,3]}"));
  }

  @Test
  void partitionByMovesTheKey() {
    SourceSchema s = source("CREATE STREAM I (K STRING KEY, ID INT, NAME STRING) WITH (kafka_topic='t', value_format='JSON');");
    PlannedQuery q = plan(s, "CREATE STREAM O AS SELECT * FROM I PARTITION BY ID;");
    assertEquals(List.of("3|{\"NAME\":\"x\",\"K\":\"a\"}"), run(q, "\"a\"", "{\"ID\":3,\"NAME\":\"x\"}"));
  }

  @Test
  void aPartitionByExpressionOverValueColumnsGivesATombstoneNoKey() {
    // ksqlDB's null.json "stream PARTITION BY IS NULL with null value".
    SourceSchema s = source("CREATE STREAM INPUT (ID INT KEY, NAME STRING, VAL STRING) WITH (kafka_topic='t', format='JSON');");
    PlannedQuery q = plan(s, "CREATE STREAM OUTPUT AS SELECT * FROM INPUT PARTITION BY (NAME IS NULL);");
    assertEquals(List.of("null|null"), run(q, "1", null));
    assertEquals(List.of("true|{\"NAME\":null,\"VAL\":\"a\",\"ID\":2}"), run(q, "2", "{\"NAME\":null,\"VAL\":\"a\"}"));
    // A key computed from key columns only is still computed for a tombstone.
    PlannedQuery byKey = plan(s, "CREATE STREAM OUTPUT AS SELECT * FROM INPUT PARTITION BY (ID IS NULL);");
    assertEquals(List.of("false|null"), run(byKey, "1", null));
  }

  @Test
  void theSessionsTopicPrefixNamesADefaultSinkTopic() {
    // ksqlDB's sink-topic-naming.json.
    SourceSchema s = source("CREATE STREAM TEST (K STRING KEY, source VARCHAR) WITH (kafka_topic='test_topic', value_format='JSON');");
    var prefix = java.util.Map.<String, Object>of("ksql.output.topic.name.prefix", "some-prefix-");
    var tree = (StreamSqlParser.CreateStreamAsContext) SqlParser.parse("CREATE STREAM OUTPUT AS SELECT * FROM TEST;").get(0).tree();
    assertEquals("some-prefix-OUTPUT", planner.plan(tree.query(), s,
        new SinkSpec("OUTPUT", CreateSource.Kind.STREAM, java.util.Map.of(), null, prefix), ProcessingLog.IGNORE).sink().topic());
    assertEquals("Fred", planner.plan(tree.query(), s,
        new SinkSpec("OUTPUT", CreateSource.Kind.STREAM, java.util.Map.of("KAFKA_TOPIC", "Fred"), null, prefix), ProcessingLog.IGNORE)
        .sink().topic());
  }

  @Test
  void aMissingPartitioningExpressionIsNamedAsKsqlDbQualifiesIt() {
    // ksqlDB's partition-by.json "… missing key from projection" cases.
    SourceSchema keyed = source("CREATE STREAM INPUT (ID INT KEY, NAME STRING) with (kafka_topic='input', value_format='JSON');");
    assertEquals("The query used to build `OUTPUT` must include the partitioning expression ABS(INPUT.ID) in its projection "
        + "(eg, SELECT ABS(INPUT.ID)...).",
        assertThrows(StreamSqlException.class, () -> plan(keyed, "CREATE STREAM OUTPUT AS select NAME, ID from INPUT partition by abs(ID);"))
            .getMessage());
    SourceSchema values = source("CREATE STREAM INPUT (NAME STRING, ID INT, AGE INT) with (kafka_topic='input', format='JSON');");
    assertEquals("The query used to build `OUTPUT` must include the partitioning expressions INPUT.ID and INPUT.AGE in its projection "
        + "(eg, SELECT INPUT.ID, INPUT.AGE...).",
        assertThrows(StreamSqlException.class, () -> plan(values, "CREATE STREAM OUTPUT AS select ID, NAME from INPUT partition by ID, AGE;"))
            .getMessage());
  }

  @Test
  void structsWithDifferentFieldsAreWrittenWithEveryField() {
    // ksqlDB's create_array.json "construct a list from compatible mismatching struct elements".
    SourceSchema s = source("CREATE STREAM TEST (a INT, b BIGINT) WITH (kafka_topic='test_topic', value_format='JSON');");
    PlannedQuery q = plan(s, "CREATE STREAM OUTPUT AS SELECT ARRAY[null, struct(x := a, y := b), struct(y := a, z:= b)] as l FROM TEST;");
    assertEquals(List.of("null|{\"L\":[null,{\"X\":30,\"Y\":40,\"Z\":null},{\"X\":null,\"Y\":30,\"Z\":40}]}"),
        run(q, null, "{\"a\":30,\"b\":40}"));
  }

  @Test
  void typeErrorsNameTheExpression() {
    SourceSchema s = source("CREATE STREAM I (K STRING KEY, ID INT, NAME STRING) WITH (kafka_topic='t', value_format='JSON');");
    assertTrue(assertThrows(StreamSqlException.class, () -> plan(s, "CREATE STREAM O AS SELECT K, NAME + 1 AS X FROM I;"))
        .getMessage().contains("NAME + 1"));
    assertTrue(assertThrows(StreamSqlException.class, () -> plan(s, "CREATE STREAM O AS SELECT K, NOPE FROM I;"))
        .getMessage().contains("SELECT column 'NOPE' cannot be resolved."));
    assertTrue(assertThrows(StreamSqlException.class, () -> plan(s, "CREATE STREAM O AS SELECT NAME FROM I;"))
        .getMessage().contains("must include the key column K"));
  }

  @Test
  void badRecordsAreSkippedAndLogged() {
    SourceSchema s = source("CREATE STREAM I (K STRING KEY, ID INT) WITH (kafka_topic='t', value_format='JSON');");
    var tree = (StreamSqlParser.CreateStreamAsContext) SqlParser.parse("CREATE STREAM O AS SELECT K, ID FROM I;").get(0).tree();
    List<String> errors = new ArrayList<>();
    PlannedQuery q = planner.plan(tree.query(), s, new SinkSpec("O", CreateSource.Kind.STREAM, java.util.Map.of(), null),
        (m, r) -> errors.add(m));
    assertEquals(List.of(), run(q, "\"a\"", "{\"ID\":\"not a number\"}"));
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).contains("INTEGER"), errors.get(0));
  }

  @Test
  void theNewQueryPlannerLetsAStreamProjectionLeaveOutItsKey() {
    // select.json "key missing from projection -- new planner" (and "-- old planner" for the refusal).
    SourceSchema s = source("CREATE STREAM input (id INT KEY, name STRING) WITH (kafka_topic='test_topic', value_format='JSON');");
    var tree = (StreamSqlParser.CreateStreamAsContext) SqlParser.parse("CREATE STREAM output AS SELECT name FROM input;").get(0).tree();
    PlannedQuery q = planner.plan(tree.query(), s, new SinkSpec("OUTPUT", CreateSource.Kind.STREAM, java.util.Map.of(), null,
        java.util.Map.of("ksql.new.query.planner.enabled", "true")), ProcessingLog.IGNORE);
    assertEquals("`NAME` STRING", q.sink().schemaText());
    assertEquals(List.of("null|{\"NAME\":\"a\"}"), run(q, "8", "{\"name\":\"a\"}"));
    assertTrue(assertThrows(io.streamsql.core.error.StreamSqlException.class, () -> plan(s, "CREATE STREAM output AS SELECT name FROM input;"))
        .getMessage().contains("The query used to build `OUTPUT` must include the key column ID in its projection (eg, SELECT ID...)"));
  }
}

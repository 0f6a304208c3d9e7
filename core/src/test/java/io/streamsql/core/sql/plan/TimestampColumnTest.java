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

/** The TIMESTAMP property is checked when a source is declared, so every stored definition reads back. */
class TimestampColumnTest {
  private final QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());

  private static CreateSource create(String ddl) {
    return SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree());
  }

  private PlannedQuery csas(String sourceDdl, String csas) {
    var tree = (StreamSqlParser.CreateStreamAsContext) SqlParser.parse(csas).get(0).tree();
    Map<String, Object> with = create("CREATE STREAM X (A INT) WITH " + tree.properties().getText() + ";").properties();
    return planner.plan(tree.query(), SourceSchemas.fromCreate(create(sourceDdl)),
        new SinkSpec(SourceStatements.identifier(tree.sourceName().identifier()), CreateSource.Kind.STREAM, with, null),
        ProcessingLog.IGNORE);
  }

  private static String error(Runnable r) {
    return assertThrows(StreamSqlException.class, r::run).getMessage();
  }

  @Test
  void anIntColumnIsRefusedInCreateAsSelect() {
    // ksqlDB's timestampformat.json "timestamp column with invalid data type should throw exception".
    assertEquals("Timestamp column, `EVENT_TS`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified.",
        error(() -> csas("CREATE STREAM TEST (K STRING KEY, ID bigint, EVENT_TS int) WITH (kafka_topic='test_topic', value_format='JSON');",
            "CREATE STREAM TS WITH (timestamp='event_ts') AS SELECT K, id, event_ts FROM test;")));
  }

  @Test
  void anIntColumnIsRefusedInCreate() {
    assertEquals("Timestamp column, `EVENT_TS`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified.",
        error(() -> SourceSchemas.fromCreate(create(
            "CREATE STREAM S (K STRING KEY, EVENT_TS INT) WITH (kafka_topic='t', value_format='JSON', timestamp='event_ts');"))));
  }

  @Test
  void aStringNeedsAFormatAndOnlyAStringTakesOne() {
    assertEquals("A String timestamp field has been specified without also specifying the timestamp_format",
        error(() -> SourceSchemas.fromCreate(create(
            "CREATE STREAM S (K STRING KEY, TS STRING) WITH (kafka_topic='t', value_format='JSON', timestamp='ts');"))));
    assertEquals("'TIMESTAMP_FORMAT' set in the WITH clause can only be used when the timestamp column is of type STRING.",
        error(() -> SourceSchemas.fromCreate(create("CREATE STREAM S (K STRING KEY, TS BIGINT) WITH (kafka_topic='t', "
            + "value_format='JSON', timestamp='ts', timestamp_format='yyyy');"))));
  }

  @Test
  void aQuotedColumnKeepsItsCaseAndTheStoredDefinitionReadsBack() {
    PlannedQuery q = csas("CREATE STREAM TEST (K STRING KEY, `ts` bigint) WITH (kafka_topic='test_topic', value_format='JSON', partitions=1);",
        "CREATE STREAM OUT WITH (timestamp='`ts`') AS SELECT K, `ts` FROM test;");
    assertEquals("ts", q.sink().timestampColumn());
    assertEquals(q.sink(), SourceSchemas.fromCreate(create(q.sink().toDdl())));
  }

  @Test
  void aStoredDefinitionAnOlderVersionAcceptedStillReads() {
    SourceSchema stored = SourceSchemas.fromStored(create(
        "CREATE STREAM S (K STRING KEY, EVENT_TS INT) WITH (kafka_topic='t', value_format='JSON', timestamp='EVENT_TS');"));
    assertEquals("EVENT_TS", stored.timestampColumn());
  }
}

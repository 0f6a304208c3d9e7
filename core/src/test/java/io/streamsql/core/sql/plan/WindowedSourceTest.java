package io.streamsql.core.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.WindowedKey;
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

/** Stateless queries over sources declared with WINDOW_TYPE: keys are WindowedKeys, WINDOWSTART/WINDOWEND are readable. */
class WindowedSourceTest {
  private final QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());

  private static SourceSchema source(String ddl) {
    return SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree()));
  }

  private PlannedQuery plan(SourceSchema source, String csas, ProcessingLog log) {
    var tree = SqlParser.parse(csas).get(0).tree();
    if (tree instanceof StreamSqlParser.CreateTableAsContext t) {
      return planner.plan(t.query(), source, new SinkSpec(SourceStatements.identifier(t.sourceName().identifier()),
          CreateSource.Kind.TABLE, Map.of(), null), log);
    }
    var s = (StreamSqlParser.CreateStreamAsContext) tree;
    return planner.plan(s.query(), source, new SinkSpec(SourceStatements.identifier(s.sourceName().identifier()),
        CreateSource.Kind.STREAM, Map.of(), null), log);
  }

  private static List<String> run(PlannedQuery q, String key, String value) {
    List<String> out = new ArrayList<>();
    q.processor().process(new InputRecord(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), 5, 0, 0),
        r -> out.add(r.keyJson() + "|" + (r.valueJson() == null ? null : new String(r.valueJson(), StandardCharsets.UTF_8))));
    return out;
  }

  private static String wk(String key, long start, long end) {
    return new WindowedKey(key, start, end).text();
  }

  @Test
  void readsKeyColumnsFromTheInnerKeyAndTheWindowBounds() {
    SourceSchema s = source("CREATE STREAM I (K STRING KEY, F0 INT) WITH (kafka_topic='t', value_format='JSON', window_type='session');");
    PlannedQuery q = plan(s, "CREATE STREAM O AS SELECT K, UCASE(K) AS U, F0, ROWTIME AS T, WINDOWSTART AS WS, WINDOWEND - WINDOWSTART AS LEN FROM I;",
        ProcessingLog.IGNORE);
    assertEquals(List.of(wk("\"k\"", 12, 465) + "|{\"U\":\"K\",\"F0\":4,\"T\":5,\"WS\":12,\"LEN\":453}"),
        run(q, wk("\"k\"", 12, 465), "{\"F0\":4}"));
    assertEquals(new SourceWindow(SourceWindow.Type.SESSION, 0), q.sink().window());
    assertEquals("`K` STRING KEY, `U` STRING, `F0` INTEGER, `T` BIGINT, `WS` BIGINT, `LEN` BIGINT", q.sink().schemaText());
    // The stored plan rebuilds the same operators: the window survives the sink's DDL.
    PlannedQuery again = new PlanCompiler(FunctionRegistry.standard()).compile(q.plan(), ProcessingLog.IGNORE);
    assertEquals(run(q, wk("\"z\"", 1, 2), "{\"F0\":1}"), run(again, wk("\"z\"", 1, 2), "{\"F0\":1}"));
  }

  @Test
  void selectStarLeavesTheWindowBoundsOutAndKeepsTheWindowInTheKey() {
    SourceSchema s = source("CREATE STREAM TEST (K INT KEY, ID BIGINT) WITH (kafka_topic='t', value_format='DELIMITED', "
        + "WINDOW_TYPE='Tumbling', WINDOW_SIZE='30 seconds');");
    PlannedQuery q = plan(s, "CREATE STREAM S2 AS SELECT * FROM TEST;", ProcessingLog.IGNORE);
    assertEquals("`K` INTEGER KEY, `ID` BIGINT", q.sink().schemaText());
    assertEquals(new SourceWindow(SourceWindow.Type.TUMBLING, 30_000), q.sink().window());
    assertEquals(List.of(wk("0", 0, 30000) + "|\"1\""), run(q, wk("0", 0, 30000), "\"1\""));
    // A record without a value keeps its windowed key.
    assertEquals(List.of(wk("0", 0, 30000) + "|null"), run(q, wk("0", 0, 30000), null));
  }

  @Test
  void windowBoundsCompareWithTimestampText() {
    SourceSchema s = source("CREATE STREAM I (K STRING KEY, source INT) WITH (kafka_topic='t', value_format='JSON', WINDOW_TYPE='Session');");
    PlannedQuery q = plan(s, "CREATE STREAM O AS SELECT K, source FROM I WHERE '2020-02-10T08:31:44.001+0000' <= WINDOWSTART "
        + "AND WINDOWEND <= '2020-02-10T08:31:45.001+0000';", ProcessingLog.IGNORE);
    assertEquals(List.of(), run(q, wk("\"a\"", 1581323504000L, 1581323505001L), "{\"source\":1}"));
    assertEquals(List.of(wk("\"a\"", 1581323504001L, 1581323505001L) + "|{\"SOURCE\":2}"),
        run(q, wk("\"a\"", 1581323504001L, 1581323505001L), "{\"source\":2}"));
  }

  @Test
  void aKeyThatIsNotAWindowedKeyGoesToTheProcessingLog() {
    SourceSchema s = source("CREATE STREAM I (K STRING KEY, F0 INT) WITH (kafka_topic='t', value_format='JSON', window_type='session');");
    List<String> errors = new ArrayList<>();
    PlannedQuery q = plan(s, "CREATE STREAM O AS SELECT K, F0 FROM I;", (m, r) -> errors.add(m));
    assertEquals(List.of(), run(q, "\"k\"", "{\"F0\":4}"));
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).startsWith("Failed to deserialize record: A windowed key must be"), errors.get(0));
    // The query goes on with the next record.
    assertEquals(List.of(wk("\"k\"", 1, 2) + "|{\"F0\":4}"), run(q, wk("\"k\"", 1, 2), "{\"F0\":4}"));
  }

  @Test
  void windowBoundsExistOnlyForWindowedSources() {
    SourceSchema s = source("CREATE STREAM I (K STRING KEY, F0 INT) WITH (kafka_topic='t', value_format='JSON');");
    var e = assertThrows(StreamSqlException.class,
        () -> plan(s, "CREATE STREAM O AS SELECT K, WINDOWSTART AS WS FROM I;", ProcessingLog.IGNORE));
    assertTrue(e.getMessage().contains("'WINDOWSTART' cannot be resolved"), e.getMessage());
    assertNull(plan(s, "CREATE STREAM O AS SELECT * FROM I;", ProcessingLog.IGNORE).sink().window());
  }

  @Test
  void ksqlDbsRefusals() {
    SourceSchema table = source("CREATE TABLE I (K STRING PRIMARY KEY, X INT) WITH (kafka_topic='t', value_format='JSON', WINDOW_TYPE='Session');");
    assertEquals("KSQL does not support persistent queries on windowed tables.", assertThrows(StreamSqlException.class,
        () -> plan(table, "CREATE TABLE O AS SELECT * FROM I;", ProcessingLog.IGNORE)).getMessage());
    SourceSchema s = source("CREATE STREAM I (K STRING KEY, X INT) WITH (kafka_topic='t', value_format='JSON', WINDOW_TYPE='Session');");
    assertEquals("Implicit repartitioning of windowed sources is not supported. See https://github.com/confluentinc/ksql/issues/4385.",
        assertThrows(StreamSqlException.class, () -> plan(s, "CREATE STREAM O AS SELECT * FROM I PARTITION BY X;", ProcessingLog.IGNORE))
            .getMessage());
    // Partitioning by the key changes nothing: the window stays.
    assertEquals(s.window(), plan(s, "CREATE STREAM O AS SELECT * FROM I PARTITION BY K;", ProcessingLog.IGNORE).sink().window());
    assertEquals("Reserved column name in select: `WINDOWSTART`. Please remove or alias the column.", assertThrows(StreamSqlException.class,
        () -> plan(s, "CREATE STREAM O AS SELECT K, WINDOWSTART FROM I;", ProcessingLog.IGNORE)).getMessage());
  }

  @Test
  void windowPropertiesAreCheckedWithKsqlDbsMessages() {
    assertEquals("Configuration WINDOW_SIZE is invalid: Invalid duration: '30 bobs'. Unknown time unit: 'BOBS'",
        refusal("WINDOW_TYPE='Hopping', WINDOW_SIZE='30 bobs'"));
    assertEquals("'WINDOW_SIZE' should not be set for SESSION windows.", refusal("WINDOW_TYPE='Session', WINDOW_SIZE='30 seconds'"));
    assertEquals("TUMBLING windows require 'WINDOW_SIZE' to be provided in the WITH clause. For example: 'WINDOW_SIZE'='10 SECONDS'",
        refusal("WINDOW_TYPE='tumbling'"));
    assertEquals("Invalid value bar for property WINDOW_TYPE: String must be one of: SESSION, HOPPING, TUMBLING, null",
        refusal("WINDOW_TYPE='bar'"));
    assertEquals("Windowed sources require a key column.", assertThrows(StreamSqlException.class,
        () -> source("CREATE STREAM I (F0 INT) WITH (kafka_topic='t', value_format='JSON', window_type='SESSION');")).getMessage());
    assertEquals(new SourceWindow(SourceWindow.Type.HOPPING, 60_000),
        source("CREATE STREAM I (K INT KEY, F0 INT) WITH (kafka_topic='t', value_format='JSON', window_type='HoPping', window_size='1 MINUTE');")
            .window());
  }

  private static String refusal(String windowProperties) {
    return assertThrows(StreamSqlException.class, () -> source(
        "CREATE TABLE T (K STRING PRIMARY KEY, ID BIGINT) WITH (kafka_topic='t', value_format='DELIMITED', " + windowProperties + ");"))
        .getMessage();
  }
}

package io.streamsql.core.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.fn.FunctionRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Header columns as ksqlDB's headers.json uses them: readable in queries, never part of the value. */
class HeaderColumnsTest {
  private final QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());

  private static SourceSchema source(String ddl) {
    return SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree()));
  }

  private PlannedQuery plan(SourceSchema source, String csas, SourceSchema existing) {
    StreamSqlParser.StatementContext tree = SqlParser.parse(csas).get(0).tree();
    StreamSqlParser.QueryContext q = tree instanceof StreamSqlParser.CreateStreamAsContext c ? c.query()
        : ((StreamSqlParser.InsertIntoContext) tree).query();
    return planner.plan(q, source, new SinkSpec("OUTPUT", CreateSource.Kind.STREAM, Map.of(), existing), ProcessingLog.IGNORE);
  }

  private static Map<String, String> headers(String... nameThenBase64) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i < nameThenBase64.length; i += 2) h.put(nameThenBase64[i], nameThenBase64[i + 1]);
    return h;
  }

  private static List<String> run(PlannedQuery q, String key, String value, Map<String, String> headers) {
    List<String> out = new ArrayList<>();
    q.processor().process(new InputRecord(key, value.getBytes(StandardCharsets.UTF_8), 5, 0, 0, headers),
        r -> out.add(r.keyJson() + "|" + new String(r.valueJson(), StandardCharsets.UTF_8)));
    return out;
  }

  @Test
  void aHeadersColumnListsEveryHeader() {
    SourceSchema s = source("CREATE STREAM SOURCE1 (K STRING KEY, H ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, V BIGINT) "
        + "WITH (kafka_topic='stream-source', value_format='json');");
    PlannedQuery q = plan(s, "CREATE STREAM OUTPUT AS SELECT * FROM SOURCE1;", null);
    assertEquals(List.of("\"k1\"|{\"V\":40000,\"H\":[]}"), run(q, "\"k1\"", "{\"v\":40000}", Map.of()));
    assertEquals(List.of("\"k2\"|{\"V\":40000,\"H\":[{\"KEY\":\"abc\",\"VALUE\":\"IQ==\"}]}"),
        run(q, "\"k2\"", "{\"v\":40000}", headers("abc", "IQ==")));
    assertEquals(List.of("\"k2\"|{\"V\":40000,\"H\":[{\"KEY\":\"abc\",\"VALUE\":null}]}"),
        run(q, "\"k2\"", "{\"v\":40000}", headers("abc", null)));
    // The header column is not read from the value: a value field of that name is ignored.
    assertEquals(List.of("\"k1\"|{\"V\":1,\"H\":[]}"), run(q, "\"k1\"", "{\"v\":1,\"h\":[{\"KEY\":\"x\",\"VALUE\":\"IQ==\"}]}", Map.of()));
  }

  @Test
  void aHeaderColumnReadsOneHeaderAndWorksInFunctionsAndFilters() {
    SourceSchema s = source("CREATE STREAM SOURCE1 (K STRING KEY, V BIGINT, H1 BYTES HEADER('abc'), H2 BYTES HEADER('def')) "
        + "WITH (kafka_topic='stream-source', value_format='json');");
    PlannedQuery q = plan(s, "CREATE STREAM OUTPUT AS SELECT K, H1, H2, LEN(H1) AS L FROM SOURCE1 WHERE H2 IS NULL;", null);
    assertEquals(List.of("\"k2\"|{\"H1\":\"IQ==\",\"H2\":null,\"L\":1}"), run(q, "\"k2\"", "{\"v\":40000}", headers("abc", "IQ==")));
    assertEquals(List.of(), run(q, "\"k3\"", "{\"v\":40000}", headers("abc", "IQ==", "def", "Iw==")));
  }

  @Test
  void aHeadersColumnCanBeFilteredOn() {
    SourceSchema s = source("CREATE STREAM SOURCE1 (K STRING KEY, HEADERS ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, V BIGINT) "
        + "WITH (kafka_topic='stream-source', value_format='json');");
    PlannedQuery q = plan(s, "CREATE STREAM OUTPUT AS SELECT K, V FROM SOURCE1 WHERE HEADERS[1]->KEY='abc';", null);
    assertEquals(List.of("\"k1\"|{\"V\":40000}"), run(q, "\"k1\"", "{\"v\":40000}", headers("abc", "IQ==")));
    assertEquals(List.of(), run(q, "\"k2\"", "{\"v\":40000}", headers("def", "IQ==")));
  }

  @Test
  void theStoredDefinitionKeepsTheHeaderColumns() {
    SourceSchema s = source("CREATE STREAM S (K STRING KEY, H ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, V BIGINT) "
        + "WITH (kafka_topic='t', value_format='json', partitions=1);");
    assertEquals(s, source(s.toDdl()));
    SourceSchema one = source("CREATE STREAM S (K STRING KEY, X BYTES HEADER('it''s'), V BIGINT) WITH (kafka_topic='t', value_format='json', partitions=1);");
    assertEquals(one, source(one.toDdl()));
  }

  @Test
  void ksqlDbsRulesForHeaderColumns() {
    assertEquals("Invalid type for HEADERS column: expected ARRAY<STRUCT<`KEY` STRING, `VALUE` BYTES>>, got BYTES",
        assertThrows(StreamSqlException.class, () -> source(
            "CREATE STREAM S (K STRING KEY, H BYTES HEADERS) WITH (kafka_topic='t', value_format='json');")).getMessage());
    assertEquals("Invalid type for HEADER('key') column: expected BYTES, got INTEGER",
        assertThrows(StreamSqlException.class, () -> source(
            "CREATE STREAM S (K STRING KEY, H INT HEADER('key')) WITH (kafka_topic='t', value_format='json');")).getMessage());
    assertEquals("Schema already contains a HEADER('a') column.",
        assertThrows(StreamSqlException.class, () -> source(
            "CREATE STREAM S (K STRING KEY, A BYTES HEADER('a'), B BYTES HEADER('a')) WITH (kafka_topic='t', value_format='json');"))
            .getMessage());
    SourceSchema target = source("CREATE STREAM SOURCE1 (K STRING KEY, V BIGINT, H BYTES HEADER('abc')) WITH (kafka_topic='a', value_format='json');");
    SourceSchema from = source("CREATE STREAM SOURCE2 (K STRING KEY, V BIGINT) WITH (kafka_topic='b', value_format='json');");
    assertEquals("Cannot insert into SOURCE1 because it has header columns",
        assertThrows(StreamSqlException.class, () -> plan(from, "INSERT INTO SOURCE1 SELECT * FROM SOURCE2;", target)).getMessage());
  }
}

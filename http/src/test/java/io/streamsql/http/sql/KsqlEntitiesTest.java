package io.streamsql.http.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.plan.SourceSchemas;
import io.streamsql.cluster.sql.StatementResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KsqlEntitiesTest {
  @Test
  @SuppressWarnings("unchecked")
  void describeListsHeaderColumnsAsKsqlDbsFieldInfoDoes() {
    String ddl = "CREATE STREAM S (K STRING KEY, V BIGINT, X BYTES HEADER('abc'), H ARRAY<STRUCT<key STRING, value BYTES>> HEADERS) "
        + "WITH (kafka_topic='t', value_format='JSON', partitions=1);";
    SourceSchema s = SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree()));
    Map<String, Object> d = KsqlEntities.render(new StatementResult.SourceDescription("DESCRIBE S;", s, ddl, List.of(), List.of(), false));
    List<Map<String, Object>> fields = (List<Map<String, Object>>) ((Map<String, Object>) d.get("sourceDescription")).get("fields");
    assertEquals(List.of("K", "V", "X", "H"), fields.stream().map(f -> f.get("name")).toList());
    assertEquals("HEADER", fields.get(2).get("type"));
    assertEquals("abc", fields.get(2).get("headerKey"));
    assertEquals("HEADER", fields.get(3).get("type"));
    assertEquals(null, fields.get(3).get("headerKey"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void describeAndListingsTellTheWindowType() {
    String ddl = "CREATE STREAM S (K INT KEY, V BIGINT) WITH (kafka_topic='t', value_format='JSON', WINDOW_TYPE='Hopping', WINDOW_SIZE='30 seconds');";
    SourceSchema s = SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree()));
    Map<String, Object> d = KsqlEntities.render(new StatementResult.SourceDescription("DESCRIBE S;", s, ddl, List.of(), List.of(), false));
    assertEquals("HOPPING", ((Map<String, Object>) d.get("sourceDescription")).get("windowType"));
    Map<String, Object> listing = KsqlEntities.render(new StatementResult.SourceList("SHOW STREAMS;",
        io.streamsql.core.sql.CreateSource.Kind.STREAM, List.of(s)));
    assertEquals(true, ((List<Map<String, Object>>) listing.get("streams")).get(0).get("isWindowed"));
    String plain = "CREATE STREAM P (K INT KEY, V BIGINT) WITH (kafka_topic='t', value_format='JSON');";
    SourceSchema p = SourceSchemas.fromCreate(SourceStatements.createSource(SqlParser.parse(plain).get(0).tree()));
    Map<String, Object> pd = KsqlEntities.render(new StatementResult.SourceDescription("DESCRIBE P;", p, plain, List.of(), List.of(), false));
    assertEquals(null, ((Map<String, Object>) pd.get("sourceDescription")).get("windowType"));
  }
}

package io.streamsql.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceStatementsTest {
  private static CreateSource create(String sql) {
    return SourceStatements.createSource(SqlParser.parse(sql).get(0).tree());
  }

  @Test
  void columnsTypesKeysAndPropertiesAreRead() {
    CreateSource s = create("create stream Orders (id BIGINT KEY, `Item` STRUCT<name VARCHAR, tags ARRAY<STRING>>, "
        + "price DECIMAL(10, 2), attrs MAP<STRING, INT>, h BYTES HEADER('trace')) "
        + "WITH (kafka_topic='orders', value_format='JSON', partitions=4, wrap_single_value=false);");
    assertEquals(CreateSource.Kind.STREAM, s.kind());
    assertEquals("ORDERS", s.name(), "unquoted identifiers are upper-cased");
    assertEquals(List.of("ID", "Item", "PRICE", "ATTRS", "H"), s.columns().stream().map(CreateSource.Column::name).toList());
    assertEquals(CreateSource.Constraint.KEY, s.columns().get(0).constraint());
    assertEquals("STRUCT<`NAME` STRING, `TAGS` ARRAY<STRING>>", s.columns().get(1).type().sql());
    assertEquals(new SqlType.Decimal(10, 2), s.columns().get(2).type());
    assertEquals("MAP<STRING, INTEGER>", s.columns().get(3).type().sql());
    assertEquals("trace", s.columns().get(4).headerKey());
    assertEquals("orders", s.properties().get("KAFKA_TOPIC"));
    assertEquals(4, s.properties().get("PARTITIONS"));
    assertEquals(false, s.properties().get("WRAP_SINGLE_VALUE"));
  }

  @Test
  void tablesWithPrimaryKeysAndModifiers() {
    CreateSource t = create("CREATE OR REPLACE SOURCE TABLE IF NOT EXISTS users (id STRING PRIMARY KEY, n INT) WITH (kafka_topic='u', format='JSON');");
    assertEquals(CreateSource.Kind.TABLE, t.kind());
    assertTrue(t.orReplace() && t.ifNotExists() && t.readOnly());
    assertEquals(CreateSource.Constraint.PRIMARY_KEY, t.columns().get(0).constraint());
  }

  @Test
  void badTypesAreErrorsWithTheirPosition() {
    StreamSqlException unknown = assertThrows(StreamSqlException.class, () -> create("CREATE STREAM s (a FOO) WITH (kafka_topic='t');"));
    assertEquals(ErrorCode.SQL_SYNTAX_ERROR, unknown.code());
    assertTrue(unknown.getMessage().contains("Unknown type: FOO"), unknown.getMessage());
    assertEquals(1, unknown.details().get("line"));
    StreamSqlException decimal = assertThrows(StreamSqlException.class, () -> create("CREATE STREAM s (a DECIMAL(2, 5)) WITH (kafka_topic='t');"));
    assertTrue(decimal.getMessage().contains("scale"), decimal.getMessage());
  }
}

package io.streamsql.core.sql.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementBuilderTest {
  private static final SqlType ADDRESS = SqlParser.parseType("STRUCT<`STREET` STRING, `ZIP` INT>");
  private final StatementBuilder builder = new StatementBuilder(name -> name.equals("ADDRESS") ? ADDRESS : null);

  private Statement one(String sql) {
    List<Statement> all = builder.parseAll(sql);
    assertEquals(1, all.size());
    return all.get(0);
  }

  @Test
  void createAsSelectCarriesItsSinkPropertiesAndQuery() {
    var c = assertInstanceOf(Statement.CreateAsSelect.class,
        one("CREATE OR REPLACE TABLE \"t-1\" WITH (kafka_topic='x', partitions=3) AS SELECT * FROM src s;"));
    assertEquals(CreateSource.Kind.TABLE, c.kind());
    assertEquals("t-1", c.name());
    assertEquals(Map.of("KAFKA_TOPIC", "x", "PARTITIONS", 3), c.properties());
    assertTrue(c.orReplace());
    assertEquals("SRC", c.query().sourceName());
    assertEquals("SELECT * FROM src s", c.query().text());
  }

  @Test
  void customTypesResolveInColumnsAndCreateType() {
    var create = assertInstanceOf(Statement.CreateSourceStatement.class, one("CREATE STREAM S (HOME ADDRESS, N INT) WITH (kafka_topic='s');"));
    assertEquals(ADDRESS, create.definition().columns().get(0).type());
    var type = assertInstanceOf(Statement.CreateType.class, one("CREATE TYPE IF NOT EXISTS point AS STRUCT<x DOUBLE, y DOUBLE>;"));
    assertEquals("POINT", type.name());
    assertTrue(type.ifNotExists());
    assertEquals("STRUCT<`X` DOUBLE, `Y` DOUBLE>", type.type().sql());
  }

  @Test
  void alterInsertValuesTerminateAndExplainAreTyped() {
    var alter = assertInstanceOf(Statement.AlterSource.class, one("ALTER STREAM s ADD COLUMN c1 INT, ADD c2 ADDRESS;"));
    assertEquals(List.of(new Statement.AddedColumn("C1", SqlTypes.INT), new Statement.AddedColumn("C2", ADDRESS)), alter.columns());
    var insert = assertInstanceOf(Statement.InsertValues.class, one("INSERT INTO s (a, `b`) VALUES (1, 'x' + 'y');"));
    assertEquals(List.of("A", "b"), insert.columns());
    assertEquals("'x' + 'y'", insert.values().get(1).text());
    assertNull(assertInstanceOf(Statement.Terminate.class, one("TERMINATE ALL;")).queryId());
    assertEquals("\"CSAS_foo-too_1\"", assertInstanceOf(Statement.Terminate.class, one("TERMINATE \"CSAS_foo-too_1\";")).queryId());
    var explain = assertInstanceOf(Statement.ExplainStatement.class, one("EXPLAIN CREATE STREAM o AS SELECT * FROM s;"));
    assertInstanceOf(Statement.CreateAsSelect.class, explain.statement());
    assertEquals(new Statement.Listing(Statement.Listed.TYPES, false), one("SHOW TYPES;"));
  }
}

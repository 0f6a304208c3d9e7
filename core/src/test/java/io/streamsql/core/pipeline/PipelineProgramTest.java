package io.streamsql.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.plan.SourceSchemas;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.core.sql.tree.Statement;
import io.streamsql.core.sql.tree.StatementBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineProgramTest {
  private static final String EXAMPLE = """
      -- comment
      CREATE TABLE users (id INT NOT NULL PRIMARY KEY, name VARCHAR, age INT);
      CREATE TABLE clicks (user_id INT, url VARCHAR(200), ts TIMESTAMP);   -- no primary key: a multiset
      CREATE TABLE pairs (a BIGINT NOT NULL, b VARCHAR NOT NULL, v DOUBLE, PRIMARY KEY (a, b));
      CREATE VIEW adults AS SELECT * FROM users WHERE age >= 18;
      CREATE MATERIALIZED VIEW clicks_per_user AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id;
      """;

  /** The engine's statement for engine SQL, parsed and built as the engine does. */
  private static Statement engine(String sql) {
    List<SqlParser.ParsedStatement> parsed = SqlParser.parse(sql);
    assertEquals(1, parsed.size(), sql);
    return new StatementBuilder(name -> null).build(parsed.get(0).tree());
  }

  private static CreateSource engineSource(ProgramStatement s) {
    return assertInstanceOf(Statement.CreateSourceStatement.class, engine(s.engineSql())).definition();
  }

  private static Statement.CreateAsSelect engineView(ProgramStatement s) {
    return assertInstanceOf(Statement.CreateAsSelect.class, engine(s.engineSql()));
  }

  private static ProgramException error(String program) {
    return assertThrows(ProgramException.class, () -> PipelineProgram.compile(program, 1));
  }

  private static void assertAt(ProgramException e, int line, int column) {
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(column, e.column(), e.getMessage());
    assertEquals(line, e.details().get("line"));
    assertEquals(column, e.details().get("column"));
    assertTrue(e.getMessage().contains("line " + line + ", column " + column), e.getMessage());
  }

  @Test
  void exampleStatementsAreInProgramOrderWithTheirPositionsAndEngineSqlTheEngineParses() {
    PipelineProgram p = PipelineProgram.compile(EXAMPLE, 4);
    assertEquals(List.of("USERS", "CLICKS", "PAIRS", "ADULTS", "CLICKS_PER_USER"),
        p.statements().stream().map(ProgramStatement::name).toList());
    assertEquals(List.of(ProgramStatement.Kind.TABLE, ProgramStatement.Kind.TABLE, ProgramStatement.Kind.TABLE,
        ProgramStatement.Kind.VIEW, ProgramStatement.Kind.VIEW), p.statements().stream().map(ProgramStatement::kind).toList());
    assertEquals(List.of(2, 3, 4, 5, 6), p.statements().stream().map(ProgramStatement::line).toList());
    assertTrue(p.statements().stream().allMatch(s -> s.column() == 1));
    for (ProgramStatement s : p.statements()) engine(s.engineSql()); // each parses and builds
    assertEquals("CREATE TABLE USERS (ID INT PRIMARY KEY, NAME STRING, AGE INT) "
        + "WITH (KAFKA_TOPIC='USERS', PARTITIONS=4, KEY_FORMAT='JSON', VALUE_FORMAT='JSON')", p.statements().get(0).engineSql());
    assertEquals("CREATE STREAM CLICKS (USER_ID INT, URL STRING, TS TIMESTAMP) "
        + "WITH (KAFKA_TOPIC='CLICKS', PARTITIONS=4, VALUE_FORMAT='JSON')", p.statements().get(1).engineSql());
    assertEquals("CREATE TABLE ADULTS WITH (KAFKA_TOPIC='ADULTS', PARTITIONS=4) AS SELECT * FROM users WHERE age >= 18",
        p.statements().get(3).engineSql());
    assertEquals("CREATE TABLE CLICKS_PER_USER WITH (KAFKA_TOPIC='CLICKS_PER_USER', PARTITIONS=4) AS "
        + "SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id", p.statements().get(4).engineSql());
  }

  @Test
  void keyedTablesBecomeEngineTablesAndTablesWithoutKeyBecomeStreams() {
    PipelineProgram p = PipelineProgram.compile(EXAMPLE, 2);
    CreateSource users = engineSource(p.statements().get(0));
    CreateSource clicks = engineSource(p.statements().get(1));
    assertEquals(CreateSource.Kind.TABLE, users.kind());
    assertEquals(CreateSource.Constraint.PRIMARY_KEY, users.columns().get(0).constraint());
    assertEquals("JSON", users.properties().get("KEY_FORMAT"));
    assertEquals(2, users.properties().get("PARTITIONS"));
    assertEquals(CreateSource.Kind.STREAM, clicks.kind());
    assertTrue(clicks.columns().stream().allMatch(c -> c.constraint() == CreateSource.Constraint.NONE));
    assertTrue(p.tables().get(0).keyed());
    assertEquals(List.of("ID"), p.tables().get(0).primaryKey());
    assertFalse(p.tables().get(1).keyed());
    assertEquals(List.of(), p.tables().get(1).primaryKey());
    // The engine's own schema checks accept both.
    assertTrue(SourceSchemas.fromCreate(users).isTable());
    assertFalse(SourceSchemas.fromCreate(clicks).isTable());
  }

  @Test
  void aTwoColumnKeyIsDeclaredOnEachKeyColumnInKeyOrderAndTheEngineAcceptsItWithJsonKeys() {
    PipelineProgram p = PipelineProgram.compile("CREATE TABLE pairs (v DOUBLE, a BIGINT NOT NULL, b VARCHAR NOT NULL, PRIMARY KEY (b, a))", 1);
    assertEquals("CREATE TABLE PAIRS (B STRING PRIMARY KEY, A BIGINT PRIMARY KEY, V DOUBLE) "
        + "WITH (KAFKA_TOPIC='PAIRS', PARTITIONS=1, KEY_FORMAT='JSON', VALUE_FORMAT='JSON')", p.statements().get(0).engineSql());
    assertEquals(List.of("B", "A"), p.tables().get(0).primaryKey());
    assertEquals(List.of("V", "A", "B"), p.tables().get(0).columns().stream().map(ProgramColumn::name).toList(),
        "the table keeps the program's column order");
    SourceSchema schema = SourceSchemas.fromCreate(engineSource(p.statements().get(0)));
    assertEquals(List.of("B", "A"), schema.keyColumns().stream().map(Serde.Column::name).toList());
  }

  @Test
  void aNamedPrimaryKeyConstraintIsTheKeyAndAForeignKeyIsRefused() {
    PipelineProgram p = PipelineProgram.compile("CREATE TABLE t (a INT, b INT, CONSTRAINT pk PRIMARY KEY (a))", 1);
    assertEquals(List.of("A"), p.tables().get(0).primaryKey());
    ProgramException foreign = error("CREATE TABLE t (a INT, b INT,\n  FOREIGN KEY (b) REFERENCES u(x))");
    assertAt(foreign, 2, 3);
    assertTrue(foreign.getMessage().contains("FOREIGN KEY is not supported"), foreign.getMessage());
  }

  @Test
  void notNullIsLeftOutOfEngineSqlAndRecordedAsNotNullableAsAreKeyColumns() {
    PipelineProgram p = PipelineProgram.compile(EXAMPLE, 1);
    assertEquals(List.of(new ProgramColumn("ID", "INT", false), new ProgramColumn("NAME", "STRING", true),
        new ProgramColumn("AGE", "INT", true)), p.tables().get(0).columns());
    assertEquals(List.of(new ProgramColumn("A", "BIGINT", false), new ProgramColumn("B", "STRING", false),
        new ProgramColumn("V", "DOUBLE", true)), p.tables().get(2).columns());
    PipelineProgram implicit = PipelineProgram.compile("CREATE TABLE t (k INT PRIMARY KEY, v INT NULL, w INT NOT NULL)", 1);
    assertEquals(List.of(new ProgramColumn("K", "INT", false), new ProgramColumn("V", "INT", true),
        new ProgramColumn("W", "INT", false)), implicit.tables().get(0).columns(), "a key column is never nullable");
    assertFalse(p.statements().stream().anyMatch(s -> s.engineSql().contains("NOT NULL")));
  }

  @Test
  void aFilterOverAKeyedTableIsATableAndOverAMultisetAStream() {
    PipelineProgram p = PipelineProgram.compile(EXAMPLE + "CREATE VIEW some_clicks AS SELECT * FROM clicks WHERE user_id > 0;", 1);
    ProgramView adults = p.views().get(0);
    assertEquals(new ProgramView("ADULTS", false, true, List.of("USERS")), adults);
    assertEquals(CreateSource.Kind.TABLE, engineView(p.statements().get(3)).kind());
    ProgramView someClicks = p.views().get(2);
    assertEquals(new ProgramView("SOME_CLICKS", false, false, List.of("CLICKS")), someClicks);
    assertEquals(CreateSource.Kind.STREAM, engineView(p.statements().get(5)).kind());
    assertTrue(p.statements().get(5).engineSql().startsWith("CREATE STREAM SOME_CLICKS WITH (KAFKA_TOPIC='SOME_CLICKS', PARTITIONS=1) AS SELECT"));
  }

  @Test
  void aGroupByIsATableEvenOverAMultisetAndMaterializedIsRecorded() {
    PipelineProgram p = PipelineProgram.compile(EXAMPLE, 1);
    assertEquals(new ProgramView("CLICKS_PER_USER", true, true, List.of("CLICKS")), p.views().get(1));
    Statement.CreateAsSelect built = engineView(p.statements().get(4));
    assertEquals(CreateSource.Kind.TABLE, built.kind());
    assertEquals("CLICKS_PER_USER", built.name());
    assertEquals("CLICKS_PER_USER", built.properties().get("KAFKA_TOPIC"));
    assertTrue(built.query().hasGroupBy());
  }

  @Test
  void aJoinIsATableOnlyWhenEverySourceIsATable() {
    PipelineProgram p = PipelineProgram.compile(EXAMPLE + """
        CREATE VIEW user_clicks AS SELECT c.url, u.name FROM clicks c JOIN users u ON c.user_id = u.id;
        CREATE VIEW adult_users AS SELECT u.id, u.name, a.age FROM users u JOIN adults a ON u.id = a.id;
        CREATE LOCAL VIEW adult_clicks AS SELECT * FROM user_clicks uc LEFT JOIN adults a ON uc.name = a.name;
        """, 1);
    assertEquals(new ProgramView("USER_CLICKS", false, false, List.of("CLICKS", "USERS")), p.views().get(2));
    assertEquals(new ProgramView("ADULT_USERS", false, true, List.of("USERS", "ADULTS")), p.views().get(3));
    assertEquals(new ProgramView("ADULT_CLICKS", false, false, List.of("USER_CLICKS", "ADULTS")), p.views().get(4),
        "a view reading a stream view is a stream; LOCAL is a view");
    assertEquals(CreateSource.Kind.STREAM, engineView(p.statements().get(5)).kind());
    assertEquals(CreateSource.Kind.TABLE, engineView(p.statements().get(6)).kind());
    assertEquals(CreateSource.Kind.STREAM, engineView(p.statements().get(7)).kind());
  }

  @Test
  void typesMapToTheEngineTypesAndTheEngineParsesEachOne() {
    PipelineProgram p = PipelineProgram.compile("""
        create table t (
          b BOOLEAN, ti TINYINT, si SMALLINT, i INT, ii INTEGER, bi BIGINT,
          r REAL, f FLOAT, d DOUBLE, dp DOUBLE PRECISION,
          dec DECIMAL(10, 2), num NUMERIC(5,1), decp DECIMAL(12), decd DECIMAL,
          c CHAR(3), vc VARCHAR(200), v VARCHAR, tx TEXT, s STRING,
          dt DATE, tm TIME, ts TIMESTAMP,
          bin BINARY(4), vb VARBINARY, ba BYTEA,
          a1 INT ARRAY, a2 ARRAY<VARCHAR>, a3 INT ARRAY ARRAY, m MAP<VARCHAR, INT ARRAY>, mm MAP<INT, MAP<VARCHAR, DOUBLE>>
        )""", 1);
    List<String> expected = List.of("BOOLEAN", "INT", "INT", "INT", "INT", "BIGINT",
        "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE",
        "DECIMAL(10, 2)", "DECIMAL(5, 1)", "DECIMAL(12, 0)", "DECIMAL(28, 0)",
        "STRING", "STRING", "STRING", "STRING", "STRING",
        "DATE", "TIME", "TIMESTAMP",
        "BYTES", "BYTES", "BYTES",
        "ARRAY<INT>", "ARRAY<STRING>", "ARRAY<ARRAY<INT>>", "MAP<STRING, ARRAY<INT>>", "MAP<INT, MAP<STRING, DOUBLE>>");
    List<ProgramColumn> columns = p.tables().get(0).columns();
    assertEquals(expected, columns.stream().map(ProgramColumn::engineType).toList());
    CreateSource built = engineSource(p.statements().get(0));
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(SqlParser.parseType(expected.get(i)), built.columns().get(i).type(), columns.get(i).name());
    }
  }

  @Test
  void quotedNamesKeepTheirCaseAndAreBackQuotedForTheEngine() {
    PipelineProgram p = PipelineProgram.compile("""
        CREATE TABLE "Users" ("Id" INT PRIMARY KEY, "select" VARCHAR, plain INT, "UPPER" INT);
        CREATE VIEW "Grown Ups" AS SELECT * FROM "Users" WHERE plain > 1;
        """, 1);
    ProgramTable users = p.tables().get(0);
    assertEquals("Users", users.name());
    assertEquals(List.of("Id", "select", "PLAIN", "UPPER"), users.columns().stream().map(ProgramColumn::name).toList());
    assertEquals(List.of("Id"), users.primaryKey());
    assertEquals("CREATE TABLE `Users` (`Id` INT PRIMARY KEY, `select` STRING, PLAIN INT, UPPER INT) "
        + "WITH (KAFKA_TOPIC='Users', PARTITIONS=1, KEY_FORMAT='JSON', VALUE_FORMAT='JSON')", p.statements().get(0).engineSql());
    CreateSource built = engineSource(p.statements().get(0));
    assertEquals("Users", built.name());
    assertEquals(List.of("Id", "select", "PLAIN", "UPPER"), built.columns().stream().map(CreateSource.Column::name).toList());
    assertEquals(new ProgramView("Grown Ups", false, true, List.of("Users")), p.views().get(0));
    assertEquals("Grown Ups", engineView(p.statements().get(1)).name());
    assertEquals("Grown Ups", engineView(p.statements().get(1)).properties().get("KAFKA_TOPIC"));
  }

  @Test
  void semicolonsInCommentsStringsAndQuotedNamesDoNotEndAStatement() {
    String program = """
        /* a block comment; over
           two lines; */ CREATE TABLE "a;b" (x VARCHAR); -- trailing; comment
        -- CREATE TABLE commented_out (x INT);
        CREATE VIEW v AS SELECT x FROM "a;b" /* ; */ WHERE x = 'it''s; here' -- last; words
        ;
        ;;
        """;
    PipelineProgram p = PipelineProgram.compile(program, 1);
    assertEquals(List.of("a;b", "V"), p.statements().stream().map(ProgramStatement::name).toList());
    assertEquals(2, p.statements().get(0).line());
    assertEquals(18, p.statements().get(0).column());
    assertEquals(4, p.statements().get(1).line());
    ProgramStatement view = p.statements().get(1);
    assertTrue(view.engineSql().endsWith("AS SELECT x FROM \"a;b\" /* ; */ WHERE x = 'it''s; here'"), view.engineSql());
    assertEquals(CreateSource.Kind.STREAM, engineView(view).kind());
  }

  @Test
  void anEmptyProgramHasNoStatements() {
    for (String empty : List.of("", "  \n", "-- only a comment", "/* block */ ;\n;")) {
      PipelineProgram p = PipelineProgram.compile(empty, 1);
      assertEquals(List.of(), p.statements());
      assertEquals(List.of(), p.tables());
      assertEquals(List.of(), p.views());
    }
  }

  @Test
  void anUnknownTypeIsAnErrorAtTheType() {
    ProgramException e = error("""
        CREATE TABLE a (x INT);

        CREATE TABLE b (
          x INT,
          y GEOMETRY NOT NULL
        );
        """);
    assertAt(e, 5, 5);
    assertEquals(ErrorCode.SQL_SYNTAX_ERROR, e.code());
    assertTrue(e.getMessage().contains("unknown type 'GEOMETRY'"), e.getMessage());
  }

  @Test
  void badColumnListSyntaxIsAnErrorAtTheTokenAtFault() {
    ProgramException missingComma = error("CREATE TABLE a (x INT);\nCREATE TABLE b (x INT y INT);");
    assertAt(missingComma, 2, 23);
    assertEquals(ErrorCode.SQL_SYNTAX_ERROR, missingComma.code());
    assertTrue(missingComma.getMessage().contains("found 'y'"), missingComma.getMessage());
    ProgramException unclosed = error("CREATE TABLE b (x INT,\n  y INT");
    assertAt(unclosed, 2, 8); // at the end of the statement: the list was not closed
    assertAt(error("CREATE TABLE b (x INT, PRIMARY KEY (z))"), 1, 37);
    assertAt(error("CREATE TABLE b (x INT, x INT)"), 1, 24);
  }

  @Test
  void aWithClauseOnATableIsRefused() {
    ProgramException e = error("CREATE TABLE t (x INT) WITH ('connectors' = '[]');");
    assertAt(e, 1, 24);
    assertTrue(e.getMessage().contains("not supported in a pipeline program yet"), e.getMessage());
  }

  @Test
  void aViewOverAnUnknownSourceIsAnErrorAtTheSourceName() {
    ProgramException e = error(EXAMPLE + "CREATE VIEW v AS\n  SELECT * FROM users u\n  JOIN nowhere n ON u.id = n.id;");
    assertAt(e, 9, 8);
    assertEquals(ErrorCode.SQL_ERROR, e.code());
    assertTrue(e.getMessage().contains("NOWHERE"), e.getMessage());
  }

  @Test
  void aSyntaxErrorInAViewsSelectIsReportedAtItsPlaceInTheProgram() {
    ProgramException e = error(EXAMPLE + "CREATE VIEW v AS SELECT id FROM users WHERE;\n");
    assertAt(e, 7, 44);
    assertEquals(ErrorCode.SQL_SYNTAX_ERROR, e.code());
    assertFalse(e.getMessage().contains("line 7:44"), "only the program's position is named: " + e.getMessage());
    ProgramException second = error(EXAMPLE + "CREATE VIEW v AS SELECT id\n  FROM users\n  WHERE age >> 2;");
    assertAt(second, 9, 14);
  }

  @Test
  void aDuplicateNameIsAnErrorAtTheSecondDefinition() {
    ProgramException table = error(EXAMPLE + "CREATE TABLE Users (x INT);");
    assertAt(table, 7, 14);
    assertTrue(table.getMessage().contains("USERS is already defined on line 2"), table.getMessage());
    ProgramException view = error(EXAMPLE + "\n  CREATE VIEW adults AS SELECT * FROM users;");
    assertAt(view, 8, 15);
    assertEquals(ErrorCode.SQL_ERROR, view.code());
    // Quoted names keep their case, so "users" is another name than USERS.
    assertEquals("users", PipelineProgram.compile(EXAMPLE + "CREATE TABLE \"users\" (x INT);", 1).tables().get(3).name());
  }

  @Test
  void otherStatementKindsAreNotSupportedAtTheirPosition() {
    ProgramException insert = error(EXAMPLE + "INSERT INTO users VALUES (1, 'a', 20);");
    assertAt(insert, 7, 1);
    assertTrue(insert.getMessage().contains("INSERT is not supported in a pipeline program"), insert.getMessage());
    ProgramException function = error("CREATE TABLE t (x INT);\n\n   CREATE FUNCTION f(x INT) RETURNS INT AS x + 1;");
    assertAt(function, 3, 4);
    assertTrue(function.getMessage().contains("CREATE FUNCTION is not supported in a pipeline program"), function.getMessage());
    ProgramException recursive = error("DECLARE RECURSIVE VIEW r (x INT);");
    assertTrue(recursive.getMessage().contains("DECLARE RECURSIVE is not supported"), recursive.getMessage());
    assertTrue(error("CREATE TYPE t AS (x INT);").getMessage().contains("CREATE TYPE is not supported"));
    assertTrue(error("CREATE OR REPLACE VIEW v AS SELECT * FROM t;").getMessage().contains("CREATE OR REPLACE VIEW is not supported"));
    assertEquals(ErrorCode.SQL_ERROR, insert.code());
  }

  @Test
  void columnsCountCharactersAsTheEngineDoesSoAnEmojiBeforeAnErrorIsOneColumn() {
    ProgramException e = error("CREATE TABLE t (x INT);\nCREATE VIEW v AS SELECT '\uD83D\uDE00' AS s FROM t WHERE;");
    assertAt(e, 2, 46); // the ";" after WHERE, counting the emoji as one
    assertAt(error("CREATE TABLE \"\uD83D\uDE00\" (x BLOB)"), 1, 21);
  }

  @Test
  void anUnclosedStringIsASyntaxErrorWhereItOpens() {
    ProgramException e = error("CREATE TABLE t (x INT);\nCREATE VIEW v AS SELECT * FROM t WHERE x = 'oops;");
    assertAt(e, 2, 44);
    assertEquals(ErrorCode.SQL_SYNTAX_ERROR, e.code());
  }
}

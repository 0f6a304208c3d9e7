package io.streamsql.cluster.sql;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.plan.SourceSchemas;

/** Source schemas to and from the CREATE statements the catalog stores. */
final class SourceDdl {
  private SourceDdl() {}

  static SourceSchema parse(String ddl) {
    return SourceSchemas.fromStored(SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree()));
  }

  /** The SELECT of a persistent query statement (CREATE … AS SELECT or INSERT INTO … SELECT). */
  static StreamSqlParser.QueryContext query(StreamSqlParser.StatementContext statement) {
    if (statement instanceof StreamSqlParser.CreateStreamAsContext c) return c.query();
    if (statement instanceof StreamSqlParser.CreateTableAsContext c) return c.query();
    if (statement instanceof StreamSqlParser.InsertIntoContext c) return c.query();
    throw new IllegalArgumentException("not a persistent query: " + statement.getText());
  }
}

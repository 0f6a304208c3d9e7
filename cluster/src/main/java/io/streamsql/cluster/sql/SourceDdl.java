package io.streamsql.cluster.sql;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.plan.SourceSchemas;
import io.streamsql.persistence.sql.SqlSource;

/** Source schemas to and from the CREATE statements the catalog stores. */
final class SourceDdl {
  private SourceDdl() {}

  static SourceSchema parse(String ddl) {
    return SourceSchemas.fromStored(SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree()));
  }

  /** The schema of a stored source, or null when its definition no longer reads back (listings skip it, never fail). */
  static SourceSchema tryParse(SqlSource source) {
    try {
      return parse(source.ddl());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The topic of a stored source; its log name when the definition does not read back. */
  static String topicOf(SqlSource source) {
    SourceSchema s = tryParse(source);
    return s == null ? source.log() : s.topic();
  }
}

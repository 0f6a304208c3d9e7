package io.streamsql.cluster.sql;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.plan.SourceSchemas;
import io.streamsql.persistence.sql.SqlSource;

/** Source schemas to and from the CREATE statements the catalog stores. */
final class SourceDdl {
  private SourceDdl() {}

  /** Schemas by stored DDL text (a pure function of it): every pull query resolves its source, which should not re-parse it. */
  private static final java.util.concurrent.ConcurrentHashMap<String, SourceSchema> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_PARSED = 4096;

  static SourceSchema parse(String ddl) {
    SourceSchema schema = PARSED.get(ddl);
    if (schema == null) {
      schema = SourceSchemas.fromStored(SourceStatements.createSource(SqlParser.parse(ddl).get(0).tree()));
      if (PARSED.size() >= MAX_PARSED) PARSED.clear();
      PARSED.put(ddl, schema);
    }
    return schema;
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

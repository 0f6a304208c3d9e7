package io.streamsql.cluster.sql;

import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.tree.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CREATE TYPE / DROP TYPE: named types in the catalog. A source stores its columns with the types
 * resolved, so dropping a type never changes a source that used it (as in ksqlDB).
 */
final class TypeStatements {
  private static final Set<String> BUILT_IN = Set.of("BOOLEAN", "INT", "INTEGER", "BIGINT", "DOUBLE", "STRING", "VARCHAR", "BYTES",
      "DATE", "TIME", "TIMESTAMP", "DECIMAL", "ARRAY", "MAP", "STRUCT");

  private final SqlCatalog catalog;

  TypeStatements(SqlCatalog catalog) {
    this.catalog = catalog;
  }

  StatementResult create(Statement.CreateType s, ExecutionContext ctx) {
    if (BUILT_IN.contains(s.name())) throw SqlEngine.sqlError("Cannot register custom type '" + s.name() + "': it is a built-in type.");
    String existing = catalog.state().types().get(s.name());
    if (existing != null && s.ifNotExists()) {
      return new StatementResult.CommandDone(ctx.text(), "type/`" + s.name() + "`/create", "Type " + s.name() + " already exists.",
          null, ctx.nextSequence());
    }
    catalog.registerType(s.name(), s.type().sql());
    return new StatementResult.CommandDone(ctx.text(), "type/`" + s.name() + "`/create", "Registered custom type with name '"
        + s.name() + "' and SQL type " + s.type().sql(), null, ctx.nextSequence());
  }

  StatementResult drop(Statement.DropType s, ExecutionContext ctx) {
    if (!catalog.state().types().containsKey(s.name())) {
      if (s.ifExists()) {
        return new StatementResult.CommandDone(ctx.text(), "type/`" + s.name() + "`/drop", "Type " + s.name() + " does not exist.",
            null, ctx.nextSequence());
      }
      throw SqlEngine.sqlError("Type " + s.name() + " does not exist.");
    }
    catalog.dropType(s.name());
    return new StatementResult.CommandDone(ctx.text(), "type/`" + s.name() + "`/drop", "Dropped type '" + s.name() + "'", null,
        ctx.nextSequence());
  }

  /** The registered types, parsed; a stored type that no longer parses is left out rather than failing the listing. */
  static Map<String, SqlType> resolved(Map<String, String> stored) {
    Map<String, SqlType> out = new TreeMap<>();
    stored.forEach((name, sql) -> {
      try {
        out.put(name, SqlParser.parseType(sql));
      } catch (RuntimeException e) {
        // Listed without it; the type's text is still in the catalog.
      }
    });
    return out;
  }
}

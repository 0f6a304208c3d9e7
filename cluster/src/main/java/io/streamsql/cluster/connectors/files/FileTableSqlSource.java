package io.streamsql.cluster.connectors.files;

import io.streamsql.cluster.sql.SqlEngine;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Column;
import io.streamsql.persistence.connector.FileTableCatalogEntity.FileTable;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Kind;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Declares a file table as a SQL source on its first load, so it can be queried and joined at
 * once: a read-only TABLE over the newest version of its immutable table (keyed by the primary
 * key), or a read-only STREAM over its stream, with the file's columns and types.
 */
final class FileTableSqlSource {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private FileTableSqlSource() {}

  /** What declaring the source gave: the statement, and the source's name or the error. */
  record Outcome(String statement, String source, String error) {}

  static String statement(FileTable t) {
    StringJoiner columns = new StringJoiner(", ");
    for (Column c : t.latest().columns()) {
      String key = t.kind() == Kind.IMMUTABLE_TABLE && c.name().equals(t.primaryKey()) ? " PRIMARY KEY" : "";
      columns.add(identifier(c.name()) + " " + c.type() + key);
    }
    return "CREATE SOURCE " + (t.kind() == Kind.STREAM ? "STREAM " : "TABLE ") + identifier(t.name()) + " (" + columns
        + ") WITH (KAFKA_TOPIC='" + t.name().replace("'", "''") + "', VALUE_FORMAT='JSON');";
  }

  /** Declares the source unless one of that name exists; blocking (the engine's statements are). */
  static Outcome declare(SqlEngine engine, FileTable t) {
    String statement = statement(t);
    String name = PLAIN.matcher(t.name()).matches() ? t.name().toUpperCase(Locale.ROOT) : t.name();
    if (engine.source(name) != null) return new Outcome(statement, name, null);
    try {
      engine.execute(statement, Map.of(), Map.of());
      return new Outcome(statement, name, null);
    } catch (io.streamsql.cluster.sql.SqlStatementException e) {
      return new Outcome(statement, null, e.error().getMessage());
    } catch (StreamSqlException e) {
      return new Outcome(statement, null, e.getMessage());
    }
  }

  /**
   * Drops the file table's SQL source if it is the one declared for it (its topic is the file
   * table's); a source that queries still read stays, and the error says so.
   */
  static String drop(SqlEngine engine, FileTable t) {
    String name = PLAIN.matcher(t.name()).matches() ? t.name().toUpperCase(Locale.ROOT) : t.name();
    var source = engine.source(name);
    if (source == null) return null;
    try {
      engine.execute("DROP " + (t.kind() == Kind.STREAM ? "STREAM " : "TABLE ") + "IF EXISTS " + identifier(t.name()) + ";", Map.of(), Map.of());
      return null;
    } catch (io.streamsql.cluster.sql.SqlStatementException e) {
      return e.error().getMessage();
    } catch (StreamSqlException e) {
      return e.getMessage();
    }
  }

  private static String identifier(String name) {
    return PLAIN.matcher(name).matches() ? name : "`" + name.replace("`", "``") + "`";
  }
}

package io.streamsql.core.sql;

import java.util.List;
import java.util.Map;

/**
 * {@code CREATE [OR REPLACE] [SOURCE] STREAM|TABLE [IF NOT EXISTS] name (columns) WITH (properties)}:
 * a source declared over a log. Names are as ksqlDB resolves them (unquoted identifiers
 * upper-cased); property names are upper-cased and their values are literals.
 */
public record CreateSource(
    Kind kind, String name, boolean orReplace, boolean ifNotExists, boolean readOnly,
    List<Column> columns, Map<String, Object> properties) {

  public enum Kind { STREAM, TABLE }

  /** {@code constraint} is KEY, PRIMARY_KEY, HEADERS, HEADER (with {@code headerKey}) or NONE. */
  public record Column(String name, SqlType type, Constraint constraint, String headerKey) {}

  public enum Constraint { NONE, KEY, PRIMARY_KEY, HEADERS, HEADER }

  public CreateSource {
    columns = List.copyOf(columns);
    properties = Map.copyOf(properties);
  }
}

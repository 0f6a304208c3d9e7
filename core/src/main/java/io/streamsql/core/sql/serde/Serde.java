package io.streamsql.core.sql.serde;

import io.streamsql.core.sql.SqlType;
import java.util.List;

/**
 * How one side of a record (its key or its value) maps to columns: the format, the columns in
 * order, whether a single column is wrapped in an object (JSON), and the delimiter (DELIMITED).
 */
public record Serde(SerdeFormat format, List<Column> columns, boolean wrapSingle, char delimiter) {
  public record Column(String name, SqlType type) {}

  public Serde {
    columns = List.copyOf(columns);
  }
}

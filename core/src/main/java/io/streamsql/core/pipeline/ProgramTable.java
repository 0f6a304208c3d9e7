package io.streamsql.core.pipeline;

import java.util.List;

/**
 * A {@code CREATE TABLE} of a program. With a primary key it becomes an engine TABLE keyed by
 * those columns; without one it is a multiset, which the engine holds as a STREAM.
 */
public record ProgramTable(String name, List<ProgramColumn> columns, List<String> primaryKey) {
  public ProgramTable {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
  }

  public boolean keyed() {
    return !primaryKey.isEmpty();
  }
}

package io.streamsql.core.sql.tree;

import io.streamsql.core.sql.StreamSqlParser;

/**
 * A {@code SELECT}: its text, the source it reads (the first relation), and its parse tree, which
 * only the planner in {@code core} reads. Callers outside {@code core} pass it on untouched.
 */
public record Query(String text, String sourceName, StreamSqlParser.QueryContext tree) {
  public boolean hasJoin() {
    return !tree.relation().joinedRelation().isEmpty();
  }

  public boolean hasGroupBy() {
    return tree.groupBy() != null;
  }

  /** Whether the projection has a bare {@code *} (which a windowed table's pull query expands with the window bounds). */
  public boolean hasSelectAll() {
    return tree.selectItem().stream().anyMatch(item -> item instanceof StreamSqlParser.SelectAllContext);
  }

  public boolean hasWindow() {
    return tree.windowExpression() != null;
  }
}

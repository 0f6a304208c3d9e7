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

  /** The text of this SELECT without its WHERE clause (the text as written around it), without re-parsing. */
  public String textWithoutWhere() {
    var input = tree.getStart().getInputStream();
    int start = tree.getStart().getStartIndex();
    int stop = tree.getStop().getStopIndex();
    if (tree.where == null) return input.getText(org.antlr.v4.runtime.misc.Interval.of(start, stop));
    return input.getText(org.antlr.v4.runtime.misc.Interval.of(start, tree.WHERE().getSymbol().getStartIndex() - 1))
        + input.getText(org.antlr.v4.runtime.misc.Interval.of(tree.where.getStop().getStopIndex() + 1, stop));
  }

  /**
   * The same SELECT without its WHERE clause, re-parsed from {@link #textWithoutWhere()} (for a pull
   * query whose WHERE a key lookup already applies exactly).
   */
  public Query withoutWhere() {
    if (tree.where == null) return this;
    String sql = textWithoutWhere();
    var parsed = (StreamSqlParser.QueryStatementContext) io.streamsql.core.sql.SqlParser.parse(sql + ";").get(0).tree();
    return new Query(sql, sourceName, parsed.query());
  }

  public boolean hasWindow() {
    return tree.windowExpression() != null;
  }
}

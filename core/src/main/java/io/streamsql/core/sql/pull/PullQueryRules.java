package io.streamsql.core.sql.pull;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.expr.SqlErrors;
import io.streamsql.core.sql.tree.Query;
import java.util.LinkedHashSet;
import java.util.Set;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * ksqlDB's rules for a pull query (a SELECT without {@code EMIT CHANGES}), checked in ksqlDB's
 * order with its messages: no JOIN, WINDOW, GROUP BY, PARTITION BY, HAVING or EMIT clause, and neither
 * ROWPARTITION nor ROWOFFSET, which a materialized row no longer has.
 */
public final class PullQueryRules {
  /** What ksqlDB appends to every pull query refusal. */
  public static final String SYNTAX_HELP =
      " See https://cnfl.io/queries for more info.\nAdd EMIT CHANGES if you intended to issue a push query.";

  private PullQueryRules() {}

  /** Throws a SQL_ERROR {@link io.streamsql.core.error.StreamSqlException} with ksqlDB's text when a rule is broken. */
  public static void check(Query query) {
    StreamSqlParser.QueryContext q = query.tree();
    if (query.hasJoin()) throw refuse("Pull queries don't support JOIN clauses.");
    if (q.windowExpression() != null) throw refuse("Pull queries don't support WINDOW clauses.");
    if (q.groupBy() != null) throw refuse("Pull queries don't support GROUP BY clauses.");
    if (q.partitionBy() != null) throw refuse("Pull queries don't support PARTITION BY clauses.");
    if (q.having != null) throw refuse("Pull queries don't support HAVING clauses.");
    if (q.EMIT() != null) throw refuse("Pull queries don't support EMIT clauses.");
    Set<String> inSelect = new LinkedHashSet<>();
    for (StreamSqlParser.SelectItemContext item : q.selectItem()) disallowedColumns(item, inSelect);
    if (!inSelect.isEmpty()) {
      throw refuse("Pull queries don't support the following columns in SELECT clauses: " + String.join(", ", inSelect) + "\n");
    }
    Set<String> inWhere = new LinkedHashSet<>();
    if (q.where != null) disallowedColumns(q.where, inWhere);
    if (!inWhere.isEmpty()) {
      throw refuse("Pull queries don't support the following columns in WHERE clauses: " + String.join(", ", inWhere) + "\n");
    }
  }

  private static RuntimeException refuse(String message) {
    return SqlErrors.of(message + SYNTAX_HELP);
  }

  /** ROWPARTITION and ROWOFFSET referenced under {@code tree}, qualified or not. */
  private static void disallowedColumns(ParseTree tree, Set<String> found) {
    StreamSqlParser.IdentifierContext name = null;
    if (tree instanceof StreamSqlParser.ColumnReferenceContext c) name = c.identifier();
    if (tree instanceof StreamSqlParser.QualifiedColumnReferenceContext c) name = c.identifier(1);
    if (name != null) {
      String column = SourceStatements.identifier(name);
      if (column.equals("ROWPARTITION") || column.equals("ROWOFFSET")) found.add(column);
      return;
    }
    for (int i = 0; i < tree.getChildCount(); i++) disallowedColumns(tree.getChild(i), found);
  }
}

package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.StreamSqlParser.*;
import io.streamsql.core.sql.expr.SqlErrors;
import io.streamsql.core.sql.fn.FunctionRegistry;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * GROUP BY, WINDOW and JOIN are not run yet. A statement using them first gets the errors ksqlDB
 * finds without running them (in ksqlDB's order: analysis, then planning, then the result kind),
 * so an invalid statement is told what is wrong with it; a valid one is told the clause is not
 * supported yet.
 */
final class StatefulClauses {
  private final FunctionRegistry functions;

  StatefulClauses(FunctionRegistry functions) {
    this.functions = functions;
  }

  void check(QueryContext q, SourceSchema source, SinkSpec sink) {
    refuseRepeatedSources(q);
    boolean aggregates = q.groupBy() != null || mayAggregate(q);
    if (q.windowExpression() != null && !aggregates) {
      throw SqlErrors.at(q.windowExpression(), "WINDOW clause requires a GROUP BY clause.");
    }
    if (q.FINAL() != null && (q.groupBy() == null || q.windowExpression() == null)) {
      throw SqlErrors.at(q, "EMIT FINAL is only supported for windowed aggregations.");
    }
    if (sink.existing() == null) checkResultKind(q, source, sink.kind());
    if (!q.relation().joinedRelation().isEmpty()) throw SqlErrors.at(q, "JOIN is not supported by StreamSQL yet");
    if (q.windowExpression() != null) throw SqlErrors.at(q, "WINDOW is not supported by StreamSQL yet");
    if (q.groupBy() != null) throw SqlErrors.at(q, "GROUP BY is not supported by StreamSQL yet");
    if (q.having != null) throw SqlErrors.at(q, "HAVING requires GROUP BY, which StreamSQL does not support yet");
  }

  /**
   * The kind a SELECT produces, as ksqlDB decides it: an aggregation gives a TABLE; otherwise the
   * FROM source's kind (a join's result is its left side's: stream-stream and stream-table give a
   * stream, table-table a table).
   */
  static CreateSource.Kind resultKind(QueryContext q, SourceSchema source) {
    if (q.groupBy() != null) return CreateSource.Kind.TABLE;
    return source.kind();
  }

  static void checkResultKind(QueryContext q, SourceSchema source, CreateSource.Kind sinkKind) {
    CreateSource.Kind produced = resultKind(q, source);
    if (produced == sinkKind) return;
    throw SqlErrors.of("Invalid result type. Your SELECT query produces a " + produced + ". Please use CREATE " + produced
        + " AS SELECT statement instead.");
  }

  /** ksqlDB's analyzer refuses a source named twice in a FROM … JOIN before anything else. */
  private static void refuseRepeatedSources(QueryContext q) {
    List<String> seen = new ArrayList<>();
    seen.add(name(q.relation().aliasedRelation()));
    for (JoinedRelationContext j : q.relation().joinedRelation()) {
      String name = name(j.aliasedRelation());
      if (seen.contains(name)) {
        throw SqlErrors.at(j, seen.size() > 1
            ? "N-way joins do not support multiple occurrences of the same source. Source: '" + name + "'."
            : "Can not join '" + name + "' to '" + name + "': self joins are not yet supported.");
      }
      seen.add(name);
    }
  }

  private static String name(AliasedRelationContext r) {
    return SourceStatements.identifier(r.sourceName().identifier());
  }

  /** Whether the SELECT or HAVING calls a function that is not a known scalar function (it may be an aggregate). */
  private boolean mayAggregate(QueryContext q) {
    for (SelectItemContext item : q.selectItem()) if (callsUnknownFunction(item)) return true;
    return q.having != null && callsUnknownFunction(q.having);
  }

  private boolean callsUnknownFunction(ParseTree tree) {
    if (tree instanceof FunctionCallContext f && !functions.exists(SourceStatements.identifier(f.identifier()))) return true;
    for (int i = 0; i < tree.getChildCount(); i++) if (callsUnknownFunction(tree.getChild(i))) return true;
    return false;
  }
}

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
 * Checks of the stateful clauses made before planning, in ksqlDB's order: repeated sources, WINDOW
 * and EMIT FINAL without an aggregation, the result kind (a join's is checked by {@link JoinPlanner}).
 * Aggregations are planned by {@link AggregationPlanner}.
 */
final class StatefulClauses {
  private final FunctionRegistry functions;

  StatefulClauses(FunctionRegistry functions) {
    this.functions = functions;
  }

  /** Whether the statement aggregates: GROUP BY, or an aggregate function in SELECT or HAVING. */
  boolean aggregates(QueryContext q, io.streamsql.core.sql.fn.AggregateRegistry registry) {
    if (q.groupBy() != null) return true;
    for (SelectItemContext item : q.selectItem()) if (callsAggregate(item, registry)) return true;
    return q.having != null && callsAggregate(q.having, registry);
  }

  private boolean callsAggregate(ParseTree tree, io.streamsql.core.sql.fn.AggregateRegistry registry) {
    if (tree instanceof FunctionCallContext f) {
      String name = SourceStatements.identifier(f.identifier());
      if (registry.exists(name) && !functions.exists(name)) return true;
    }
    for (int i = 0; i < tree.getChildCount(); i++) if (callsAggregate(tree.getChild(i), registry)) return true;
    return false;
  }

  void check(QueryContext q, SourceSchema source, SinkSpec sink) {
    refuseRepeatedSources(q);
    boolean aggregates = q.groupBy() != null || mayAggregate(q);
    if (q.windowExpression() != null && !aggregates) {
      throw SqlErrors.at(q.windowExpression(), "WINDOW clause requires a GROUP BY clause.");
    }
    if (q.FINAL() != null && (!aggregates || q.windowExpression() == null)) {
      throw SqlErrors.at(q, "EMIT FINAL is only supported for windowed aggregations.");
    }
    // A join's result kind depends on both sides: the join planner checks it.
    if (sink.existing() == null && !aggregates && q.relation().joinedRelation().isEmpty()) checkResultKind(q, source, sink.kind());
    if (q.having != null && !aggregates) throw SqlErrors.at(q.having, "HAVING requires a GROUP BY clause.");
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

  /** Whether the SELECT or HAVING calls a function that is not a known scalar function (an aggregate, or an unknown name). */
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

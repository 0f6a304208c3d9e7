package io.streamsql.cluster.sql;

import io.streamsql.core.sql.tree.Statement;
import io.streamsql.persistence.sql.QueryEntity;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlQuery;
import io.streamsql.persistence.sql.SqlSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** TERMINATE and EXPLAIN (of a running query's id, or of a statement's plan without running it). */
final class QueryStatements {
  private final SqlCatalog catalog;
  private final PersistentQueries queries;

  private final AggregationLag lag;

  private final TransientQueries transientQueries;

  QueryStatements(SqlCatalog catalog, PersistentQueries queries, AggregationLag lag, TransientQueries transientQueries) {
    this.transientQueries = transientQueries;
    this.lag = lag;
    this.catalog = catalog;
    this.queries = queries;
  }

  StatementResult terminate(Statement.Terminate t, ExecutionContext ctx) {
    List<String> ids = new ArrayList<>();
    if (!t.all() && t.queryId().toLowerCase(java.util.Locale.ROOT).startsWith("transient_")) {
      if (!transientQueries.close(t.queryId()).toCompletableFuture().join()) {
        throw SqlEngine.sqlError("Unknown queryId: " + t.queryId());
      }
      return new StatementResult.CommandDone(ctx.text(), "terminate/" + t.queryId() + "/execute", "Query terminated.", null,
          ctx.nextSequence());
    }
    if (t.all()) {
      ids.addAll(catalog.state().queries().keySet());
    } else {
      ids.add(resolve(catalog.state(), t.queryId()));
    }
    for (String id : ids) catalog.terminate(id);
    return new StatementResult.CommandDone(ctx.text(), "terminate/" + (t.all() ? "ALL" : ids.get(0)) + "/execute", "Query terminated.",
        null, ctx.nextSequence());
  }

  StatementResult explainQuery(Statement.ExplainQuery e, ExecutionContext ctx) {
    SqlCatalogEntity.State state = catalog.state();
    String id = resolve(state, e.queryId());
    SqlQuery q = state.queries().get(id);
    if (q == null) {
      throw SqlEngine.sqlError("Query with id:" + e.queryId() + " does not exist, use SHOW QUERIES to view the full set of queries.");
    }
    SqlSource sink = state.sources().get(q.sink());
    QueryEntity.Status status = catalog.status(q.id());
    return new StatementResult.QueryDescription(ctx.text(), q.id(), q.statement(), q.sources(), List.of(q.sink()),
        sink == null ? null : SourceDdl.tryParse(sink), executionPlan(q.sources(), q.sink()), ListingStatements.state(status),
        status.nextOffsets(), lag.of(catalog.definition(q.id())));
  }

  StatementResult explainStatement(Statement.ExplainStatement e, ExecutionContext ctx) {
    Statement inner = e.statement();
    if (!(inner instanceof Statement.CreateAsSelect) && !(inner instanceof Statement.InsertIntoSelect)) {
      throw SqlEngine.sqlError("EXPLAIN is only supported for persistent queries (CREATE … AS SELECT, INSERT INTO … SELECT) and "
          + "query ids.");
    }
    PersistentQueries.Prepared p = queries.prepare(inner, new ExecutionContext(e.text(), ctx.properties(), ctx.variables(),
        ctx::nextSequence));
    return new StatementResult.QueryDescription(ctx.text(), null, e.text(), List.of(p.sourceEntry().name()), List.of(p.sinkName()),
        p.plan().sink(), executionPlan(List.of(p.sourceEntry().name()), p.sinkName()), null, Map.of(), null);
  }

  /**
   * A query id as TERMINATE and EXPLAIN name it: quoted or not, any case (ksqlDB compares ids
   * case-insensitively); the id as given when no query has it.
   */
  static String resolve(SqlCatalogEntity.State state, String given) {
    String id = given;
    if (id.length() >= 2 && (id.startsWith("`") && id.endsWith("`") || id.startsWith("\"") && id.endsWith("\""))) {
      id = id.substring(1, id.length() - 1);
    }
    if (state.queries().containsKey(id)) return id;
    for (String known : state.queries().keySet()) if (known.equalsIgnoreCase(id)) return known;
    return id.toUpperCase(Locale.ROOT);
  }

  private static String executionPlan(List<String> sources, String sink) {
    return "LogReader(" + String.join(", ", sources) + ") -> QueryProcessor(WHERE, SELECT) -> AppendIdempotent(" + sink + ")";
  }
}

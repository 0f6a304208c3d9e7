package io.streamsql.cluster.sql;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.PlannedQuery;
import io.streamsql.core.sql.plan.ProcessingLog;
import io.streamsql.core.sql.plan.QueryPlanner;
import io.streamsql.core.sql.plan.SinkSpec;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.tree.Query;
import io.streamsql.core.sql.tree.Statement;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.sql.QueryDefinition;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlQuery;
import io.streamsql.persistence.sql.SqlSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CREATE STREAM|TABLE … AS SELECT and INSERT INTO … SELECT: plan the query (all type errors are
 * found here), create the sink log when needed, register sink and query in the catalog, and start
 * the query's entity with the plan — the running query never sees the SQL text again.
 */
final class PersistentQueries {
  private final SqlCatalog catalog;
  private final TopicLogs logs;
  private final String namespace;
  private final QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());

  PersistentQueries(SqlCatalog catalog, TopicLogs logs, String namespace) {
    this.catalog = catalog;
    this.logs = logs;
    this.namespace = namespace;
  }

  /** What a persistent query statement resolves to before it runs: for EXPLAIN and for starting it. */
  record Prepared(String sinkName, CreateSource.Kind kind, SqlSource sourceEntry, SourceSchema existingSink, boolean orReplace,
                  String idPrefix, PlannedQuery plan, List<String> sourceNames) {
    Prepared(String sinkName, CreateSource.Kind kind, SqlSource sourceEntry, SourceSchema existingSink, boolean orReplace,
        String idPrefix, PlannedQuery plan) {
      this(sinkName, kind, sourceEntry, existingSink, orReplace, idPrefix, plan, List.of(sourceEntry.name()));
    }
  }

  StatementResult createAsSelect(Statement.CreateAsSelect c, ExecutionContext ctx) {
    SqlSource already = catalog.state().sources().get(c.name());
    if (already != null && c.ifNotExists()) {
      return new StatementResult.CommandDone(ctx.text(), SqlEngine.commandId(c.kind().name(), c.name(), "create"),
          SqlEngine.kindName(c.kind()) + " " + c.name() + " already exists.", null, ctx.nextSequence());
    }
    return start(prepare(c, ctx), ctx);
  }

  StatementResult insertInto(Statement.InsertIntoSelect i, ExecutionContext ctx) {
    return start(prepare(i, ctx), ctx);
  }

  Prepared prepare(Statement statement, ExecutionContext ctx) {
    SqlCatalogEntity.State state = catalog.state();
    if (statement instanceof Statement.InsertIntoSelect ins) {
      SqlSource target = state.sources().get(ins.sink());
      if (target == null) throw SqlEngine.sqlError("Sink " + ins.sink() + " does not exist for the INSERT INTO statement.");
      if (target.kind().equals("TABLE")) {
        throw SqlEngine.sqlError("INSERT INTO can only be used to insert into a stream. " + ins.sink() + " is a table.");
      }
      if (target.readOnly()) {
        throw SqlEngine.sqlError("Cannot insert into read-only " + target.kind().toLowerCase(Locale.ROOT) + ": " + ins.sink());
      }
      SqlSource sourceEntry = source(state, ins.query());
      SourceSchema source = SourceDdl.parse(sourceEntry.ddl());
      if (source.isTable()) {
        throw SqlEngine.sqlError("INSERT INTO can only be used to insert from a stream: " + sourceEntry.name() + " is a table.");
      }
      SourceSchema existing = SourceDdl.parse(target.ddl());
      if (ins.query().hasJoin()) {
        List<SqlSource> entries = joinSources(state, ins.query());
        PlannedQuery plan = planner.planJoin(ins.query().tree(), joinInputs(entries, ins.query()), new SinkSpec(ins.sink(), existing.kind(),
            Map.of(), existing, ctx.properties()), ProcessingLog.IGNORE);
        return new Prepared(ins.sink(), existing.kind(), entries.get(0), existing, false, "INSERTQUERY", plan,
            entries.stream().map(SqlSource::name).toList());
      }
      PlannedQuery plan = planner.plan(ins.query().tree(), source, new SinkSpec(ins.sink(), existing.kind(), Map.of(), existing,
          ctx.properties()), ProcessingLog.IGNORE);
      return new Prepared(ins.sink(), existing.kind(), sourceEntry, existing, false, "INSERTQUERY", plan);
    }
    Statement.CreateAsSelect c = (Statement.CreateAsSelect) statement;
    if (c.query().hasJoin()) {
      List<SqlSource> entries = joinSources(state, c.query());
      SqlSource already = state.sources().get(c.name());
      if (already != null && !c.orReplace()) {
        String k = already.kind().toLowerCase(Locale.ROOT);
        throw SqlEngine.sqlError("Cannot add " + k + " '" + c.name() + "': A " + k + " with the same name already exists");
      }
      PlannedQuery plan = planner.planJoin(c.query().tree(), joinInputs(entries, c.query()),
          new SinkSpec(c.name(), c.kind(), c.properties(), null, ctx.properties()), ProcessingLog.IGNORE);
      String prefix = (c.kind() == CreateSource.Kind.STREAM ? "CSAS_" : "CTAS_") + c.name().toUpperCase(Locale.ROOT);
      return new Prepared(c.name(), c.kind(), entries.get(0), null, c.orReplace(), prefix, plan, entries.stream().map(SqlSource::name).toList());
    }
    SqlSource sourceEntry = source(state, c.query());
    SourceSchema source = SourceDdl.parse(sourceEntry.ddl());
    SqlSource already = state.sources().get(c.name());
    if (already != null && !c.orReplace()) {
      String k = already.kind().toLowerCase(Locale.ROOT);
      throw SqlEngine.sqlError("Cannot add " + k + " '" + c.name() + "': A " + k + " with the same name already exists");
    }
    PlannedQuery plan = planner.plan(c.query().tree(), source, new SinkSpec(c.name(), c.kind(), c.properties(), null, ctx.properties()),
        ProcessingLog.IGNORE);
    // ksqlDB's query ids upper-case the sink name, so TERMINATE reaches them quoted or not.
    String prefix = (c.kind() == CreateSource.Kind.STREAM ? "CSAS_" : "CTAS_") + c.name().toUpperCase(Locale.ROOT);
    return new Prepared(c.name(), c.kind(), sourceEntry, null, c.orReplace(), prefix, plan);
  }

  /** The catalog entries of a join's sources, in FROM order. */
  private static List<SqlSource> joinSources(SqlCatalogEntity.State state, Query query) {
    List<SqlSource> out = new java.util.ArrayList<>();
    var relation = query.tree().relation();
    List<io.streamsql.core.sql.StreamSqlParser.AliasedRelationContext> all = new java.util.ArrayList<>();
    all.add(relation.aliasedRelation());
    for (var j : relation.joinedRelation()) all.add(j.aliasedRelation());
    for (var r : all) {
      String name = io.streamsql.core.sql.SourceStatements.identifier(r.sourceName().identifier());
      SqlSource entry = state.sources().get(name);
      if (entry == null) throw SqlEngine.sqlError(name + " does not exist.");
      out.add(entry);
    }
    return out;
  }

  /** A source over an immutable table's newest version reads the version that is newest when the query starts, for good. */
  private String resolveVersion(String log) {
    if (!SourceLogs.isVersion(log) || !SourceLogs.version(log).equals("latest")) return log;
    int latest = logs.latestVersion(SourceLogs.tableName(log));
    if (latest == 0) throw SqlEngine.sqlError("Table '" + SourceLogs.tableName(log) + "' has no sealed version to join yet.");
    return SourceLogs.ofVersion(SourceLogs.tableName(log), String.valueOf(latest));
  }

  /** The sources of a join as the planner takes them, for a push or pull query over it. */
  List<QueryPlanner.JoinSource> joinInputsOf(Query query) {
    return joinInputs(joinSources(catalog.state(), query), query);
  }

  private List<QueryPlanner.JoinSource> joinInputs(List<SqlSource> entries, Query query) {
    var relation = query.tree().relation();
    List<io.streamsql.core.sql.StreamSqlParser.AliasedRelationContext> all = new java.util.ArrayList<>();
    all.add(relation.aliasedRelation());
    for (var j : relation.joinedRelation()) all.add(j.aliasedRelation());
    List<QueryPlanner.JoinSource> out = new java.util.ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      var r = all.get(i);
      String alias = r.identifier() == null ? null : io.streamsql.core.sql.SourceStatements.identifier(r.identifier());
      out.add(new QueryPlanner.JoinSource(SourceDdl.parse(entries.get(i).ddl()), alias, resolveVersion(entries.get(i).log())));
    }
    return out;
  }

  private static SqlSource source(SqlCatalogEntity.State state, Query query) {
    SqlSource entry = state.sources().get(query.sourceName());
    if (entry == null) throw SqlEngine.sqlError(query.sourceName() + " does not exist.");
    if (SourceLogs.isVersion(entry.log())) {
      throw SqlEngine.sqlError("Table " + entry.name() + " is a version of an immutable table: it can be joined (FROM s JOIN "
          + entry.name() + " …); read its rows with GET /v1/tables/" + SourceLogs.tableName(entry.log()) + "/rows.");
    }
    return entry;
  }

  private StatementResult start(Prepared p, ExecutionContext ctx) {
    SourceSchema sink = p.plan().sink();
    StreamDefinition sinkLog = logs.ensure(sink.topic(), sink.partitions() > 0 ? sink.partitions() : 1, p.kind());
    sink = sink.withPartitions(sinkLog.partitions());
    String sinkDdl = sink.toDdl();
    // What the catalog stores must read back: a definition that cannot would break every listing later.
    SourceDdl.parse(sinkDdl);
    SqlSource newSink = p.existingSink() == null ? new SqlSource(sink.name(), sink.kind().name(), sinkDdl, sinkLog.name(), false) : null;
    SqlQuery registered = catalog.registerQuery(p.idPrefix(), ctx.text(), p.sinkName(), p.sourceNames(), newSink,
        p.orReplace());
    catalog.start(new QueryDefinition(registered.id(), namespace, ctx.text(), p.sourceEntry().ddl(), sinkDdl, p.sourceEntry().log(),
        sinkLog.name(), p.plan().plan().withSink(sinkDdl)));
    String commandId = p.existingSink() == null ? SqlEngine.commandId(p.kind().name(), p.sinkName(), "create")
        : "stream/`" + p.sinkName() + "`/insert";
    return new StatementResult.CommandDone(ctx.text(), commandId, "Created query with ID " + registered.id(), registered.id(),
        ctx.nextSequence());
  }
}

package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.StreamSqlParser.*;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.PlannedQuery;
import io.streamsql.core.sql.plan.ProcessingLog;
import io.streamsql.core.sql.plan.QueryPlanner;
import io.streamsql.core.sql.plan.SinkSpec;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.sql.QueryDefinition;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlQuery;
import io.streamsql.persistence.sql.SqlSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CREATE STREAM|TABLE … AS SELECT and INSERT INTO … SELECT: plan the query (all type errors are
 * found here), create the sink log when needed, register sink and query in the catalog, and start
 * the query's entity.
 */
final class PersistentQueries {
  private final SqlEngine engine;
  private final SqlCatalog catalog;
  private final StreamService streams;
  private final QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());

  PersistentQueries(SqlEngine engine, SqlCatalog catalog, StreamService streams) {
    this.engine = engine;
    this.catalog = catalog;
    this.streams = streams;
  }

  Map<String, Object> start(StatementContext statement, String text, long seq, Map<String, Object> session) {
    QueryContext query = SourceDdl.query(statement);
    SqlCatalogEntity.State state = catalog.state();
    String sourceName = SourceStatements.identifier(query.relation().aliasedRelation().sourceName().identifier());
    SqlSource sourceEntry = state.sources().get(sourceName);
    if (sourceEntry == null) {
      throw SqlEngine.sqlError(sourceName + " does not exist.");
    }
    SourceSchema source = SourceDdl.parse(sourceEntry.ddl());

    String sinkName;
    CreateSource.Kind kind;
    Map<String, Object> props = new LinkedHashMap<>();
    SourceSchema existing = null;
    boolean orReplace = false;
    String prefix;
    if (statement instanceof InsertIntoContext ins) {
      sinkName = SourceStatements.identifier(ins.sourceName().identifier());
      SqlSource target = state.sources().get(sinkName);
      if (target == null) throw SqlEngine.sqlError("Sink " + sinkName + " does not exist for the INSERT INTO statement.");
      if (target.kind().equals("TABLE")) {
        throw SqlEngine.sqlError("INSERT INTO can only be used to insert into a stream. " + sinkName + " is a table.");
      }
      if (target.readOnly()) {
        throw SqlEngine.sqlError("Cannot insert into read-only " + target.kind().toLowerCase(Locale.ROOT) + ": " + sinkName);
      }
      existing = SourceDdl.parse(target.ddl());
      kind = existing.kind();
      if (existing.isTable()) throw SqlEngine.sqlError("INSERT INTO can only be used to insert into a stream. " + sinkName + " is a table.");
      if (source.isTable()) throw SqlEngine.sqlError("INSERT INTO can only be used to insert from a stream: " + sourceName + " is a table.");
      prefix = "INSERTQUERY";
    } else {
      boolean stream = statement instanceof CreateStreamAsContext;
      SourceNameContext nameCtx = stream ? ((CreateStreamAsContext) statement).sourceName() : ((CreateTableAsContext) statement).sourceName();
      PropertiesContext propsCtx = stream ? ((CreateStreamAsContext) statement).properties() : ((CreateTableAsContext) statement).properties();
      orReplace = stream ? ((CreateStreamAsContext) statement).REPLACE() != null : ((CreateTableAsContext) statement).REPLACE() != null;
      boolean ifNotExists = stream ? ((CreateStreamAsContext) statement).EXISTS() != null : ((CreateTableAsContext) statement).EXISTS() != null;
      sinkName = SourceStatements.identifier(nameCtx.identifier());
      kind = stream ? CreateSource.Kind.STREAM : CreateSource.Kind.TABLE;
      if (propsCtx != null) {
        for (PropertyContext p : propsCtx.property()) {
          props.put(SourceStatements.identifier(p.identifier()).toUpperCase(Locale.ROOT), SourceStatements.literal(p.literal()));
        }
      }
      SqlSource already = state.sources().get(sinkName);
      if (already != null && ifNotExists) {
        return KsqlEntities.currentStatus(text, SqlEngine.commandId(kind.name(), sinkName, "create"),
            SqlEngine.kindName(kind) + " " + sinkName + " already exists.", null, seq);
      }
      if (already != null && !orReplace) {
        String k = already.kind().toLowerCase(Locale.ROOT);
        throw SqlEngine.sqlError("Cannot add " + k + " '" + sinkName + "': A " + k + " with the same name already exists");
      }
      QueryPlanner.checkResultKind(source, kind);
      prefix = (stream ? "CSAS_" : "CTAS_") + sinkName;
    }
    PlannedQuery plan = planner.plan(query, source, new SinkSpec(sinkName, kind, props, existing, session), ProcessingLog.IGNORE);
    SourceSchema sink = plan.sink();
    StreamDefinition sinkLog = engine.ensureLog(sink.topic(), sink.partitions() > 0 ? sink.partitions() : 1, kind);
    sink = sink.withPartitions(sinkLog.partitions());
    SqlSource newSink = existing == null
        ? new SqlSource(sink.name(), sink.kind().name(), sink.toDdl(), sinkLog.name(), false) : null;
    SqlQuery registered = catalog.registerQuery(prefix, text, sinkName, List.of(sourceName), newSink, orReplace);
    catalog.start(new QueryDefinition(registered.id(), engine.namespace(), text, sourceEntry.ddl(), sink.toDdl(), sourceEntry.log(),
        sinkLog.name()));
    String commandId = existing == null ? SqlEngine.commandId(kind.name(), sinkName, "create") : "stream/`" + sinkName + "`/insert";
    return KsqlEntities.currentStatus(text, commandId, "Created query with ID " + registered.id(), registered.id(), seq);
  }
}

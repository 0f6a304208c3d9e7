package io.streamsql.cluster.sql;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.tree.Statement;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.sql.QueryEntity;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlQuery;
import io.streamsql.persistence.sql.SqlSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SHOW/LIST and DESCRIBE. A stored definition that does not read back is left out of a listing
 * instead of failing it, so one bad source never hides everyone else's.
 */
final class ListingStatements {
  private static final String PROCESSING_LOG = "KSQL_PROCESSING_LOG";

  private final SqlCatalog catalog;
  private final TopicLogs logs;

  private final TransientQueries transientQueries;

  ListingStatements(SqlCatalog catalog, TopicLogs logs, TransientQueries transientQueries) {
    this.transientQueries = transientQueries;
    this.catalog = catalog;
    this.logs = logs;
  }

  StatementResult list(Statement.Listing l, ExecutionContext ctx) {
    SqlCatalogEntity.State state = catalog.state();
    return switch (l.what()) {
      case STREAMS, TABLES -> {
        CreateSource.Kind kind = l.what() == Statement.Listed.STREAMS ? CreateSource.Kind.STREAM : CreateSource.Kind.TABLE;
        if (l.extended()) yield describeAll(new Statement.DescribeSources(kind, true), ctx);
        yield new StatementResult.SourceList(ctx.text(), kind, schemas(state, kind));
      }
      case QUERIES -> new StatementResult.QueryList(ctx.text(), queries(state));
      case TOPICS, ALL_TOPICS -> {
        List<StatementResult.TopicInfo> topics = new ArrayList<>();
        String prefix = logs.prefix();
        for (StreamDefinition def : logs.all()) {
          if (def.name().startsWith(prefix)) topics.add(new StatementResult.TopicInfo(def.name().substring(prefix.length()), def.partitions()));
        }
        yield new StatementResult.TopicList(ctx.text(), topics);
      }
      case FUNCTIONS -> new StatementResult.FunctionList(ctx.text(), FunctionRegistry.standard().all(),
          FunctionRegistry.standard().tableFunctions());
      case PROPERTIES -> new StatementResult.PropertyList(ctx.text(), ctx.properties());
      case VARIABLES -> new StatementResult.VariableList(ctx.text(), ctx.variables());
      case TYPES -> new StatementResult.TypeList(ctx.text(), TypeStatements.resolved(state.types()));
      case CONNECTORS -> throw SqlEngine.sqlError("Connectors are not supported by StreamSQL yet.");
    };
  }

  StatementResult describe(Statement.DescribeSource d, ExecutionContext ctx) {
    SqlCatalogEntity.State state = catalog.state();
    SqlSource source = state.sources().get(d.name());
    if (source == null) throw SqlEngine.sqlError("Could not find STREAM/TABLE '" + d.name() + "' in the Metastore");
    return description(ctx.text(), state, source, SourceDdl.parse(source.ddl()), d.extended());
  }

  StatementResult describeAll(Statement.DescribeSources d, ExecutionContext ctx) {
    SqlCatalogEntity.State state = catalog.state();
    List<StatementResult.SourceDescription> out = new ArrayList<>();
    for (SqlSource s : state.sources().values()) {
      if (!s.kind().equals(d.kind().name()) || s.name().equals(PROCESSING_LOG)) continue;
      SourceSchema schema = SourceDdl.tryParse(s);
      if (schema != null) out.add(description(ctx.text(), state, s, schema, d.extended()));
    }
    return new StatementResult.SourceDescriptions(ctx.text(), out);
  }

  StatementResult describeFunction(Statement.DescribeFunction f, ExecutionContext ctx) {
    String name = f.name().toUpperCase(Locale.ROOT);
    FunctionRegistry functions = FunctionRegistry.standard();
    var overloads = functions.all().get(name);
    boolean table = overloads == null && functions.isTableFunction(name);
    if (table) overloads = functions.tableFunctions().get(name);
    if (overloads == null) throw SqlEngine.sqlError("Can't find any functions with the name '" + f.name() + "'");
    return new StatementResult.FunctionDescription(ctx.text(), f.name(), overloads, table);
  }

  static StatementResult.SourceDescription description(
      String text, SqlCatalogEntity.State state, SqlSource source, SourceSchema schema, boolean extended) {
    return new StatementResult.SourceDescription(text, schema, source.ddl(), state.readers(source.name()), state.writers(source.name()),
        extended);
  }

  private static List<SourceSchema> schemas(SqlCatalogEntity.State state, CreateSource.Kind kind) {
    return state.sources().values().stream().filter(s -> s.kind().equals(kind.name())).filter(s -> !s.name().equals(PROCESSING_LOG))
        .map(SourceDdl::tryParse).filter(java.util.Objects::nonNull).toList();
  }

  private List<StatementResult.QueryInfo> queries(SqlCatalogEntity.State state) {
    List<StatementResult.QueryInfo> out = new ArrayList<>();
    for (SqlQuery q : SqlCatalogEntity.queries(state)) {
      SqlSource sink = state.sources().get(q.sink());
      String topic = sink == null ? q.sink() : SourceDdl.topicOf(sink);
      out.add(new StatementResult.QueryInfo(q, topic, state(catalog.status(q.id()))));
    }
    for (TransientQueries.Running r : transientQueries.running().toCompletableFuture().join()) {
      out.add(new StatementResult.QueryInfo(new SqlQuery(r.queryId(), r.statement(), "", List.of(r.source())), "", "RUNNING", "PUSH"));
    }
    return out;
  }

  static String state(QueryEntity.Status status) {
    return status.state().equals("ERROR") ? "ERROR" : "RUNNING";
  }
}

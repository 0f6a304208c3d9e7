package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.StreamService;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.persistence.table.TableDefinition;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.StreamName;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.StreamSqlParser.*;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.plan.SourceSchemas;
import io.streamsql.core.sql.serde.SerdeFormat;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.sql.QueryEntity;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlQuery;
import io.streamsql.persistence.sql.SqlSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Executes ksqlDB statements in one namespace (the server's is ""; tests use their own so runs
 * never meet): DDL against the SQL catalog, persistent queries as {@link QueryEntity}s, listings
 * and descriptions as ksqlDB's response entities. Statements of a script run in order; DEFINE'd
 * variables apply to the statements after them. Calls block: run them off the HTTP threads.
 */
public final class SqlEngine {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

  private final StreamService streams;
  private final TableService tables;
  private final SqlCatalog catalog;
  private final String namespace;
  private final PersistentQueries queries;
  private final InsertValues inserts;
  private final AtomicLong commandSeq = new AtomicLong();

  public SqlEngine(ClusterSharding sharding, StreamService streams, TableService tables, String namespace) {
    this.streams = streams;
    this.tables = tables;
    this.namespace = namespace;
    this.catalog = new SqlCatalog(sharding, namespace, streams.settings().askTimeout());
    this.queries = new PersistentQueries(this, catalog, streams);
    this.inserts = new InsertValues(this, streams);
  }

  /** The log a topic name refers to in this namespace. */
  public String logName(String topic) {
    String name = namespace.isEmpty() ? topic : namespace + "." + topic;
    return StreamName.validate("topic", name);
  }

  public String namespace() {
    return namespace;
  }

  /** Runs a script; the result is one ksqlDB entity per statement that produces one. */
  public List<Map<String, Object>> execute(String sql, Map<String, Object> properties, Map<String, String> sessionVariables) {
    Map<String, String> variables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (sessionVariables != null) variables.putAll(sessionVariables);
    Map<String, Object> props = new LinkedHashMap<>(properties == null ? Map.of() : properties);
    List<Map<String, Object>> entities = new ArrayList<>();
    List<SqlParser.ParsedStatement> script;
    try {
      script = SqlParser.parse(sql);
    } catch (StreamSqlException e) {
      throw new SqlStatementException(sql, e, entities);
    }
    for (SqlParser.ParsedStatement raw : script) {
      String text = substitute(raw.text(), variables);
      try {
        StatementContext statement = text.equals(raw.text()) ? raw.tree() : SqlParser.parse(text).get(0).tree();
        Map<String, Object> entity = executeOne(statement, text + ";", props, variables);
        if (entity != null) entities.add(entity);
      } catch (StreamSqlException e) {
        throw new SqlStatementException(text + ";", e, entities);
      } catch (SerdeFormat.UnsupportedFormatException e) {
        throw new SqlStatementException(text + ";", new StreamSqlException(ErrorCode.SQL_ERROR, e.getMessage()), entities);
      }
    }
    return entities;
  }

  private static String substitute(String text, Map<String, String> variables) {
    if (!text.contains("${")) return text;
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private Map<String, Object> executeOne(
      StatementContext statement, String text, Map<String, Object> props, Map<String, String> variables) {
    if (statement instanceof CreateStreamContext || statement instanceof CreateTableContext) {
      return createSource(SourceStatements.createSource(statement), text, props);
    }
    if (statement instanceof CreateStreamAsContext || statement instanceof CreateTableAsContext || statement instanceof InsertIntoContext) {
      return queries.start(statement, text, commandSeq.incrementAndGet(), props);
    }
    if (statement instanceof InsertValuesContext iv) return inserts.insert(iv, text);
    if (statement instanceof DropStreamContext d) return drop("STREAM", d.sourceName(), d.EXISTS() != null, d.DELETE() != null, text);
    if (statement instanceof DropTableContext d) return drop("TABLE", d.sourceName(), d.EXISTS() != null, d.DELETE() != null, text);
    if (statement instanceof TerminateQueryContext t) return terminate(t, text);
    if (statement instanceof ListStatementContext l) return list(l, text, props, variables);
    if (statement instanceof DescribeSourceContext d) return describe(SourceStatements.identifier(d.sourceName().identifier()),
        d.EXTENDED() != null, text);
    if (statement instanceof DescribeFunctionContext f) {
      String name = SourceStatements.identifier(f.identifier());
      var overloads = FunctionRegistry.standard().all().get(name.toUpperCase(Locale.ROOT));
      if (overloads == null) throw sqlError("Can't find any functions with the name '" + name + "'");
      return KsqlEntities.describeFunction(text, name, overloads);
    }
    if (statement instanceof DefineVariableContext d) {
      variables.put(SourceStatements.identifier(d.identifier()), SourceStatements.unquoteString(d.STRING().getText()));
      return null;
    }
    if (statement instanceof UndefineVariableContext u) {
      variables.remove(SourceStatements.identifier(u.identifier()));
      return null;
    }
    if (statement instanceof SetPropertyContext s) {
      props.put(SourceStatements.unquoteString(s.STRING(0).getText()), SourceStatements.unquoteString(s.STRING(1).getText()));
      return null;
    }
    if (statement instanceof UnsetPropertyContext u) {
      props.remove(SourceStatements.unquoteString(u.STRING().getText()));
      return null;
    }
    if (statement instanceof ExplainContext e) return explain(e, text);
    if (statement instanceof AlterSourceContext a) {
      String name = SourceStatements.identifier(a.sourceName().identifier());
      SqlSource source = catalog.state().sources().get(name);
      if (source != null && source.readOnly()) {
        String kind = source.kind().toLowerCase(Locale.ROOT);
        throw sqlError("Cannot alter " + kind + " '" + name + "': ALTER operations are not supported on source " + kind + "s.");
      }
      throw sqlError("ALTER is not supported by StreamSQL yet: " + text);
    }
    if (statement instanceof QueryStatementContext) {
      throw sqlError("The following statement types should be issued to the websocket endpoint '/query':\n\t* PRINT\n\t* SELECT");
    }
    throw sqlError("Statement not supported by StreamSQL yet: " + text);
  }

  static StreamSqlException sqlError(String message) {
    return new StreamSqlException(ErrorCode.SQL_ERROR, message);
  }

  // ---- DDL ----

  private Map<String, Object> createSource(CreateSource create, String text, Map<String, Object> props) {
    SourceSchema schema = SourceSchemas.fromCreate(create, props);
    SqlCatalogEntity.State state = catalog.state();
    if (create.ifNotExists() && state.sources().containsKey(schema.name())) {
      return KsqlEntities.currentStatus(text, commandId(schema.kind().name(), schema.name(), "create"),
          kindName(schema.kind()) + " " + schema.name() + " already exists.", null, commandSeq.incrementAndGet());
    }
    SqlSource existing = state.sources().get(schema.name());
    if (create.orReplace() && (create.readOnly() || existing != null && existing.readOnly())) {
      String kind = schema.kind().name().toLowerCase(Locale.ROOT);
      throw sqlError("Cannot add " + kind + " '" + schema.name() + "': CREATE OR REPLACE is not supported on source " + kind + "s.");
    }
    if (existing != null && !create.orReplace()) {
      String kind = existing.kind().toLowerCase(Locale.ROOT);
      throw sqlError("Cannot add " + kind + " '" + schema.name() + "': A " + kind + " with the same name already exists");
    }
    StreamDefinition log = existingLog(schema.topic());
    TableDefinition dynamicTable = log == null && schema.isTable() ? dynamicTable(schema.topic()) : null;
    String logRef;
    if (dynamicTable != null) {
      // A dynamic table of the tables API: the SQL table reads its changelog.
      schema = schema.withPartitions(dynamicTable.partitions());
      logRef = SourceLogs.ofTable(dynamicTable.name());
    } else {
      if (log == null) log = createLog(schema.topic(), schema.partitions(), schema.kind());
      schema = schema.withPartitions(log.partitions());
      logRef = log.name();
    }
    catalog.registerSource(new SqlSource(schema.name(), schema.kind().name(), schema.toDdl(), logRef, create.readOnly()),
        create.orReplace());
    return KsqlEntities.currentStatus(text, commandId(schema.kind().name(), schema.name(), "create"),
        kindName(schema.kind()) + " created", null, commandSeq.incrementAndGet());
  }

  static String kindName(CreateSource.Kind kind) {
    return kind == CreateSource.Kind.STREAM ? "Stream" : "Table";
  }

  static String commandId(String kind, String name, String action) {
    return kind.toLowerCase(Locale.ROOT) + "/`" + name + "`/" + action;
  }

  /** The dynamic (mutable) table a topic names, or null. */
  private TableDefinition dynamicTable(String topic) {
    String name = logName(topic);
    try {
      TableDefinition def = SqlCatalog.await(tables.get(name), "Looking up table " + topic);
      return def.immutable() ? null : def;
    } catch (StreamSqlException e) {
      if (e.code() == ErrorCode.TABLE_NOT_FOUND) return null;
      throw e;
    }
  }

  /** The log of a topic: existing, or created when PARTITIONS says how many (ksqlDB's rule). */
  StreamDefinition ensureLog(String topic, int partitions, CreateSource.Kind kind) {
    StreamDefinition existing = existingLog(topic);
    return existing != null ? existing : createLog(topic, partitions, kind);
  }

  /** The log a topic names, or null. */
  private StreamDefinition existingLog(String topic) {
    try {
      return SqlCatalog.await(streams.get(logName(topic)), "Looking up topic " + topic);
    } catch (StreamSqlException e) {
      if (e.code() != ErrorCode.STREAM_NOT_FOUND) throw e;
      return null;
    }
  }

  private StreamDefinition createLog(String topic, int partitions, CreateSource.Kind kind) {
    String name = logName(topic);
    if (partitions <= 0) {
      throw sqlError("Topic '" + topic + "' does not exist. If you want to create a new topic for the "
          + kind.name().toLowerCase(Locale.ROOT) + " please re-run the statement providing the required 'PARTITIONS' configuration "
          + "in the WITH clause (and optionally 'REPLICAS'). For example: CREATE " + kind + " ... WITH (KAFKA_TOPIC='" + topic
          + "', PARTITIONS=2, ...);");
    }
    try {
      return SqlCatalog.await(streams.create(name, partitions, null), "Creating topic " + topic);
    } catch (StreamSqlException e) {
      if (e.code() != ErrorCode.STREAM_ALREADY_EXISTS) throw e;
      return SqlCatalog.await(streams.get(name), "Looking up topic " + topic);
    }
  }

  private Map<String, Object> drop(String kind, SourceNameContext nameCtx, boolean ifExists, boolean deleteTopic, String text) {
    String name = SourceStatements.identifier(nameCtx.identifier());
    SqlCatalogEntity.State state = catalog.state();
    SqlSource source = state.sources().get(name);
    if (source == null || !source.kind().equals(kind)) {
      if (ifExists) {
        return KsqlEntities.currentStatus(text, commandId(kind, name, "drop"),
            "Source `" + name + "` does not exist.", null, commandSeq.incrementAndGet());
      }
      throw sqlError((source == null ? (kind.equals("STREAM") ? "Stream " : "Table ") + name + " does not exist." : "Incompatible data source type is "
          + source.kind() + ", but statement was DROP " + kind));
    }
    if (deleteTopic && source.readOnly()) throw sqlError("Cannot delete topic for read-only source: " + name);
    catalog.dropSource(name);
    if (deleteTopic) {
      boolean shared = catalog.state().sources().values().stream().anyMatch(s -> s.log().equals(source.log()));
      if (!shared && !SourceLogs.isTable(source.log())) SqlCatalog.await(streams.delete(source.log()), "Deleting topic of " + name);
    }
    return KsqlEntities.currentStatus(text, commandId(kind, name, "drop"),
        "Source `" + name + "` (topic: " + SourceDdl.parse(source.ddl()).topic() + ") was dropped.", null, commandSeq.incrementAndGet());
  }

  private Map<String, Object> terminate(TerminateQueryContext t, String text) {
    List<String> ids = new ArrayList<>();
    if (t.ALL() != null) {
      ids.addAll(catalog.state().queries().keySet());
    } else {
      String id = t.identifier().getText();
      String upper = id.toUpperCase(Locale.ROOT);
      ids.add(catalog.state().queries().containsKey(upper) ? upper : id);
    }
    for (String id : ids) catalog.terminate(id);
    return KsqlEntities.currentStatus(text, "terminate/" + (t.ALL() != null ? "ALL" : ids.get(0)) + "/execute",
        "Query terminated.", null, commandSeq.incrementAndGet());
  }

  /** EXPLAIN of a running query's id: ksqlDB's queryDescription (statement, sources, sink, schema, state). */
  private Map<String, Object> explain(ExplainContext e, String text) {
    if (e.identifier() == null) throw sqlError("EXPLAIN of a statement is not supported by StreamSQL yet; EXPLAIN a query id");
    String id = e.identifier().getText();
    SqlCatalogEntity.State state = catalog.state();
    SqlQuery q = state.queries().get(id.toUpperCase(Locale.ROOT));
    if (q == null) q = state.queries().get(id);
    if (q == null) throw sqlError("Query with id:" + id + " does not exist, use SHOW QUERIES to view the full set of queries.");
    SqlSource sink = state.sources().get(q.sink());
    QueryEntity.Status status = catalog.status(q.id());
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", q.id());
    d.put("statementText", q.statement());
    d.put("windowType", null);
    Map<String, Object> sinkDescription = sink == null ? Map.of() : KsqlEntities.sourceDescription(text, SourceDdl.parse(sink.ddl()),
        sink, List.of(), List.of(q.id()), false);
    @SuppressWarnings("unchecked")
    Object fields = sink == null ? List.of() : ((Map<String, Object>) sinkDescription.get("sourceDescription")).get("fields");
    d.put("fields", fields);
    d.put("sources", q.sources());
    d.put("sinks", List.of(q.sink()));
    d.put("topology", "");
    d.put("executionPlan", "LogReader(" + String.join(", ", q.sources()) + ") -> QueryProcessor(WHERE, SELECT) -> AppendIdempotent(" + q.sink() + ")");
    d.put("overriddenProperties", Map.of());
    d.put("state", status.state().equals("ERROR") ? "ERROR" : "RUNNING");
    d.put("queryType", "PERSISTENT");
    d.put("nextOffsets", status.nextOffsets());
    Map<String, Object> m = KsqlEntities.entity("queryDescription", text);
    m.put("queryDescription", d);
    m.put("warnings", List.of());
    return m;
  }

  // ---- listings ----

  private Map<String, Object> list(ListStatementContext l, String text, Map<String, Object> props, Map<String, String> variables) {
    SqlCatalogEntity.State state = catalog.state();
    if (l.STREAMS() != null || l.TABLES() != null) {
      String kind = l.STREAMS() != null ? "STREAM" : "TABLE";
      List<SourceSchema> sources = state.sources().values().stream().filter(s -> s.kind().equals(kind))
          .filter(s -> !s.name().equals("KSQL_PROCESSING_LOG")).map(s -> SourceDdl.parse(s.ddl())).toList();
      return KsqlEntities.sources(text, kind, sources);
    }
    if (l.QUERIES() != null) {
      Map<String, String> topics = new LinkedHashMap<>();
      Map<String, String> states = new LinkedHashMap<>();
      for (SqlSource s : state.sources().values()) topics.put(s.name(), SourceDdl.parse(s.ddl()).topic());
      for (SqlQuery q : state.queries().values()) {
        QueryEntity.Status status = catalog.status(q.id());
        states.put(q.id(), status.state().equals("ERROR") ? "ERROR" : "RUNNING");
      }
      return KsqlEntities.queries(text, SqlCatalogEntity.queries(state), topics, states);
    }
    if (l.TOPICS() != null) {
      String prefix = namespace.isEmpty() ? "" : namespace + ".";
      List<Map<String, Object>> topics = new ArrayList<>();
      for (StreamDefinition def : SqlCatalog.await(streams.list(), "Listing topics")) {
        if (!def.name().startsWith(prefix)) continue;
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", def.name().substring(prefix.length()));
        List<Integer> replicas = new ArrayList<>();
        for (int p = 0; p < def.partitions(); p++) replicas.add(1);
        t.put("replicaInfo", replicas);
        topics.add(t);
      }
      return KsqlEntities.topics(text, topics);
    }
    if (l.FUNCTIONS() != null) return KsqlEntities.functionNames(text, FunctionRegistry.standard().all());
    if (l.PROPERTIES() != null) return KsqlEntities.properties(text, props);
    if (l.VARIABLES() != null) return KsqlEntities.variables(text, variables);
    throw sqlError("Listing not supported by StreamSQL yet: " + text);
  }

  private Map<String, Object> describe(String name, boolean extended, String text) {
    SqlCatalogEntity.State state = catalog.state();
    SqlSource source = state.sources().get(name);
    if (source == null) throw sqlError("Could not find STREAM/TABLE '" + name + "' in the Metastore");
    return KsqlEntities.sourceDescription(text, SourceDdl.parse(source.ddl()), source, state.readers(name), state.writers(name), extended);
  }

  // ---- for tests, tools and the HTTP layer ----

  public SqlCatalogEntity.State catalogState() {
    return catalog.state();
  }

  public QueryEntity.Status queryStatus(String queryId) {
    return catalog.status(queryId);
  }

  /** The schema of a source in this namespace, or null. */
  public SourceSchema source(String name) {
    SqlSource s = catalog.state().sources().get(name);
    return s == null ? null : SourceDdl.parse(s.ddl());
  }

  SqlCatalog catalog() {
    return catalog;
  }
}

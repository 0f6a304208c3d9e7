package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.StreamService;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.serde.SerdeFormat;
import io.streamsql.core.sql.tree.Statement;
import io.streamsql.core.sql.tree.StatementBuilder;
import io.streamsql.persistence.sql.QueryEntity;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlSource;
import java.util.ArrayList;
import java.util.HashMap;
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
 * never meet). Each statement is parsed once into a typed {@link Statement} and handed to the
 * executor of its family; the results are typed ({@link StatementResult}) and rendered by the
 * HTTP layer. Statements of a script run in order; DEFINE'd variables and SET properties apply to
 * the statements after them. Calls block: run them off the HTTP threads.
 */
public final class SqlEngine {
  /** ksqlDB's ERROR_CODE_QUERY_ENDPOINT: a SELECT or PRINT sent to {@code /ksql}. */
  public static final int QUERY_ENDPOINT_ERROR_CODE = 40002;
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

  private final SqlCatalog catalog;
  private final String namespace;
  private final TopicLogs logs;
  private final PersistentQueries persistent;
  private final AtomicLong commandSeq = new AtomicLong();
  private final Map<Class<? extends Statement>, StatementExecutor<?>> executors = new HashMap<>();
  private final CommandStatuses commandStatuses = new CommandStatuses();
  private final ClusterTermination termination;
  private final QueryProgress progress;

  public SqlEngine(ClusterSharding sharding, StreamService streams, TableService tables, String namespace) {
    this(sharding, streams, tables, namespace, TransientQueries.NONE);
  }

  /** An engine whose SHOW QUERIES and TERMINATE also see the cluster's push queries. */
  public SqlEngine(ClusterSharding sharding, StreamService streams, TableService tables, String namespace,
      TransientQueries transientQueries) {
    this.namespace = namespace;
    this.catalog = new SqlCatalog(sharding, namespace, streams.settings().askTimeout());
    this.logs = new TopicLogs(streams, tables, namespace);
    SourceDdlStatements ddl = new SourceDdlStatements(catalog, logs);
    TypeStatements types = new TypeStatements(catalog);
    this.persistent = new PersistentQueries(catalog, logs, namespace);
    AggregationLag stageLag = new AggregationLag(sharding, streams);
    QueryStatements queries = new QueryStatements(catalog, persistent, stageLag, transientQueries);
    this.progress = new QueryProgress(catalog, stageLag, sharding, streams);
    ListingStatements listings = new ListingStatements(catalog, logs, transientQueries);
    SessionStatements session = new SessionStatements();
    InsertValues inserts = new InsertValues(catalog, streams);
    this.termination = new ClusterTermination(catalog, ddl, queries);
    register(Statement.CreateSourceStatement.class, ddl::create);
    register(Statement.DropSource.class, ddl::drop);
    register(Statement.AlterSource.class, ddl::alter);
    register(Statement.CreateType.class, types::create);
    register(Statement.DropType.class, types::drop);
    register(Statement.CreateAsSelect.class, persistent::createAsSelect);
    register(Statement.InsertIntoSelect.class, persistent::insertInto);
    register(Statement.Terminate.class, queries::terminate);
    register(Statement.ExplainQuery.class, queries::explainQuery);
    register(Statement.ExplainStatement.class, queries::explainStatement);
    register(Statement.InsertValues.class, inserts::insert);
    register(Statement.Listing.class, listings::list);
    register(Statement.DescribeSource.class, listings::describe);
    register(Statement.DescribeSources.class, listings::describeAll);
    register(Statement.DescribeFunction.class, listings::describeFunction);
    register(Statement.DefineVariable.class, session::define);
    register(Statement.UndefineVariable.class, session::undefine);
    register(Statement.SetProperty.class, session::set);
    register(Statement.UnsetProperty.class, session::unset);
    register(Statement.Select.class, (s, ctx) -> {
      // ksqlDB's text (Errors.queryEndpoint), still current, with its own error code 40002.
      throw new StreamSqlException(ErrorCode.SQL_ERROR,
          "The following statement types should be issued to the websocket endpoint '/query':\n\t* PRINT\n\t* SELECT",
          Map.of("ksql_error_code", QUERY_ENDPOINT_ERROR_CODE));
    });
  }

  private <S extends Statement> void register(Class<S> type, StatementExecutor<S> executor) {
    executors.put(type, executor);
  }

  /** The log a topic name refers to in this namespace. */
  public String logName(String topic) {
    return logs.logName(topic);
  }

  public String namespace() {
    return namespace;
  }

  /** Runs a script; the result is one entity per statement that produces one. */
  public List<StatementResult> execute(String sql, Map<String, Object> properties, Map<String, String> sessionVariables) {
    Map<String, String> variables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (sessionVariables != null) variables.putAll(sessionVariables);
    Map<String, Object> props = new LinkedHashMap<>(properties == null ? Map.of() : properties);
    List<StatementResult> results = new ArrayList<>();
    List<SqlParser.ParsedStatement> script;
    try {
      script = SqlParser.parse(sql);
    } catch (StreamSqlException e) {
      throw new SqlStatementException(sql, e, results);
    } catch (StackOverflowError e) {
      throw new SqlStatementException(sql, tooDeep(), results);
    }
    for (SqlParser.ParsedStatement raw : script) {
      String text = substitute(raw.text(), variables);
      try {
        var tree = text.equals(raw.text()) ? raw.tree() : SqlParser.parse(text).get(0).tree();
        Statement statement = builder().build(tree);
        StatementResult result = executeOne(statement, new ExecutionContext(text + ";", props, variables, commandSeq::incrementAndGet));
        if (result instanceof StatementResult.CommandDone done) commandStatuses.record(done);
        if (result != null) results.add(result);
      } catch (StreamSqlException e) {
        throw new SqlStatementException(text + ";", e, results);
      } catch (SerdeFormat.UnsupportedFormatException e) {
        throw new SqlStatementException(text + ";", new StreamSqlException(ErrorCode.SQL_ERROR, e.getMessage()), results);
      } catch (StackOverflowError e) {
        throw new SqlStatementException(text + ";", tooDeep(), results);
      } catch (NumberFormatException e) {
        // A literal that is not a number where the statement needs one (INSERT 'x' into an INT column).
        throw new SqlStatementException(text + ";", new StreamSqlException(ErrorCode.SQL_ERROR,
            "A value is not a valid number: " + e.getMessage()), results);
      }
    }
    return results;
  }

  /**
   * Parses the single SELECT of a query request ({@code /query-stream}, {@code /query}) with the
   * session's variables substituted, and resolves the source it reads. Any other statement, or more
   * than one, is refused with ksqlDB's message.
   */
  public io.streamsql.cluster.sql.query.QueryRequest parseQuery(
      String sql, Map<String, Object> properties, Map<String, String> sessionVariables) {
    Map<String, String> variables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (sessionVariables != null) variables.putAll(sessionVariables);
    try {
      return parseOneQuery(sql, properties, variables);
    } catch (StackOverflowError e) {
      throw tooDeep();
    }
  }

  private io.streamsql.cluster.sql.query.QueryRequest parseOneQuery(
      String sql, Map<String, Object> properties, Map<String, String> variables) {
    List<SqlParser.ParsedStatement> script = SqlParser.parse(sql);
    if (script.size() != 1) {
      throw sqlError("Expected exactly one KSQL statement; found " + script.size() + " instead");
    }
    SqlParser.ParsedStatement raw = script.get(0);
    String text = substitute(raw.text(), variables);
    var tree = text.equals(raw.text()) ? raw.tree() : SqlParser.parse(text).get(0).tree();
    Statement statement = builder().build(tree);
    if (!(statement instanceof Statement.Select select)) {
      // ksqlDB's QueryEndpoint message for anything but a query or PRINT on /query-stream.
      throw sqlError("Neither a query nor a print statement");
    }
    SqlSource entry = catalog.state().sources().get(select.query().sourceName());
    if (entry == null) throw sqlError(select.query().sourceName() + " does not exist.");
    List<io.streamsql.core.sql.plan.QueryPlanner.JoinSource> joined = select.query().hasJoin() ? persistent.joinInputsOf(select.query()) : List.of();
    return new io.streamsql.cluster.sql.query.QueryRequest(select.query(), SourceDdl.parse(entry.ddl()), entry.log(), properties, text + ";",
        joined);
  }

  /** ANTLR and the tree builder recurse per nesting level; thousands of levels exhaust the stack. */
  private static StreamSqlException tooDeep() {
    return new StreamSqlException(ErrorCode.SQL_SYNTAX_ERROR, "The statement is nested too deeply");
  }

  /** Builds statements with the custom types of the catalog as they are now. */
  private StatementBuilder builder() {
    Map<String, String> stored = catalog.state().types();
    if (stored.isEmpty()) return new StatementBuilder(name -> null);
    var types = TypeStatements.resolved(stored);
    return new StatementBuilder(types::get);
  }

  @SuppressWarnings("unchecked")
  private StatementResult executeOne(Statement statement, ExecutionContext ctx) {
    StatementExecutor<Statement> executor = (StatementExecutor<Statement>) executors.get(statement.getClass());
    if (executor == null) throw sqlError("Statement not supported by StreamSQL yet: " + ctx.text());
    return executor.execute(statement, ctx);
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

  static StreamSqlException sqlError(String message) {
    return new StreamSqlException(ErrorCode.SQL_ERROR, message);
  }

  static String kindName(CreateSource.Kind kind) {
    return kind == CreateSource.Kind.STREAM ? "Stream" : "Table";
  }

  static String commandId(String kind, String name, String action) {
    return kind.toLowerCase(Locale.ROOT) + "/`" + name + "`/" + action;
  }

  // ---- for tests, tools and the HTTP layer ----

  /**
   * The stream {@code POST /inserts-stream} names (ksqlDB's identifier rules), ready to encode rows.
   *
   * @throws StreamSqlException with ksqlDB's message (details {@code ksql_error_code}) for an
   *     unknown, table, windowed or read-only target
   */
  public InsertTarget insertTarget(String target) {
    return InsertTarget.resolve(catalog.state(), target);
  }

  /** The status of a command id this namespace issued ({@code GET /status/{commandId}}), if known. */
  public java.util.Optional<CommandStatuses.Status> commandStatus(String commandId) {
    return commandStatuses.find(commandId, catalog.state());
  }

  /** The statuses of the commands this node ran recently ({@code GET /status}), oldest first. */
  public Map<String, String> recentCommandStatuses() {
    return commandStatuses.recent();
  }

  /**
   * ksqlDB's {@code POST /ksql/terminate}: terminates every persistent query, then drops the
   * query sinks whose topic matches one of {@code deleteTopicPatterns} (regular expressions)
   * together with their logs.
   */
  public StatementResult.CommandDone terminateCluster(List<String> deleteTopicPatterns) {
    StatementResult.CommandDone done = termination.terminate(deleteTopicPatterns,
        new ExecutionContext(ClusterTermination.STATEMENT_TEXT, Map.of(), Map.of(), commandSeq::incrementAndGet));
    commandStatuses.record(done);
    return done;
  }

  public SqlCatalogEntity.State catalogState() {
    return catalog.state();
  }

  /** How far this namespace's persistent queries got (completion tokens). */
  public QueryProgress progress() {
    return progress;
  }

  public QueryEntity.Status queryStatus(String queryId) {
    return catalog.status(queryId);
  }

  /**
   * The definition of the running aggregation that writes table {@code name} (its materialized view,
   * read with {@link MaterializedAggregates}), or null when no aggregation writes it.
   */
  public io.streamsql.persistence.sql.QueryDefinition aggregationWriting(String name) {
    for (io.streamsql.persistence.sql.SqlQuery q : catalog.state().queries().values()) {
      if (!q.sink().equals(name)) continue;
      io.streamsql.persistence.sql.QueryDefinition def = catalog.definition(q.id());
      if (def != null && def.plan() != null && def.plan().aggregation() != null) return def;
    }
    return null;
  }

  /** The schema of a source in this namespace, or null. */
  public SourceSchema source(String name) {
    SqlSource s = catalog.state().sources().get(name);
    return s == null ? null : SourceDdl.parse(s.ddl());
  }
}

package io.streamsql.cluster.sql;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * ksqlDB's {@code POST /ksql/terminate}: every persistent query of the namespace is terminated,
 * then each source written by a persistent query (a CREATE … AS SELECT sink) whose topic matches
 * one of the {@code deleteTopicList} regular expressions is dropped with its log, as ksqlDB
 * deletes those sinks' topics. Other sources and their logs stay; unlike ksqlDB the server keeps
 * serving (there is no command topic to delete).
 */
final class ClusterTermination {
  static final String STATEMENT_TEXT = "TERMINATE CLUSTER;";
  static final String COMMAND_ID = "cluster/TerminateCluster/terminate";

  private final SqlCatalog catalog;
  private final SourceDdlStatements ddl;
  private final QueryStatements queries;

  ClusterTermination(SqlCatalog catalog, SourceDdlStatements ddl, QueryStatements queries) {
    this.catalog = catalog;
    this.ddl = ddl;
    this.queries = queries;
  }

  StatementResult.CommandDone terminate(List<String> deleteTopicPatterns, ExecutionContext ctx) {
    List<Pattern> patterns = new ArrayList<>();
    for (String p : deleteTopicPatterns) {
      try {
        patterns.add(Pattern.compile(p));
      } catch (PatternSyntaxException e) {
        throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Invalid pattern: " + p, Map.of("ksql_error_code", 40000));
      }
    }
    // Sinks are known by their writers, which terminating removes: collect them first.
    SqlCatalogEntity.State state = catalog.state();
    List<SqlSource> sinksToDrop = new ArrayList<>();
    for (SqlSource s : state.sources().values()) {
      if (state.writers(s.name()).isEmpty() || s.readOnly()) continue;
      String topic = SourceDdl.topicOf(s);
      if (patterns.stream().anyMatch(p -> p.matcher(topic).matches())) sinksToDrop.add(s);
    }
    int terminated = state.queries().size();
    if (terminated > 0) {
      queries.terminate(new io.streamsql.core.sql.tree.Statement.Terminate(null), ctx);
    }
    List<String> dropped = new ArrayList<>();
    for (SqlSource s : sinksToDrop) {
      var kind = io.streamsql.core.sql.CreateSource.Kind.valueOf(s.kind());
      ddl.drop(new io.streamsql.core.sql.tree.Statement.DropSource(kind, s.name(), true, true), ctx);
      dropped.add(SourceDdl.topicOf(s));
    }
    String message = "Terminated " + terminated + " persistent " + (terminated == 1 ? "query" : "queries")
        + (dropped.isEmpty() ? "." : "; deleted topics: " + String.join(", ", dropped) + ".");
    return new StatementResult.CommandDone(STATEMENT_TEXT, COMMAND_ID, message, null, ctx.nextSequence());
  }
}

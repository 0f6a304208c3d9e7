package io.streamsql.cluster.sql.query;

import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.tree.Query;
import java.util.Map;

/**
 * One parsed SELECT to run as a push or pull query: the query, the schema of the source it reads
 * (its FROM relation) and the log holding it (see {@code SourceLogs}), the properties of the request (e.g. {@code auto.offset.reset}), and the
 * statement text as sent (after variable substitution), which ksqlDB echoes in errors; for a join,
 * every source in FROM order (the first is also {@code source}).
 */
public record QueryRequest(
    Query query, SourceSchema source, String sourceLog, Map<String, Object> properties, String text,
    java.util.List<io.streamsql.core.sql.plan.QueryPlanner.JoinSource> joinSources) {
  public QueryRequest {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    joinSources = joinSources == null ? java.util.List.of() : java.util.List.copyOf(joinSources);
  }

  /** A SELECT without joins. */
  public QueryRequest(Query query, SourceSchema source, String sourceLog, Map<String, Object> properties, String text) {
    this(query, source, sourceLog, properties, text, java.util.List.of());
  }

  /** {@code EMIT CHANGES}: a push query. */
  public boolean isPush() {
    return query.tree().EMIT() != null && query.tree().CHANGES() != null;
  }

  /** The LIMIT, or -1 when there is none. */
  public long limit() {
    return query.tree().LIMIT() == null ? -1 : Long.parseLong(query.tree().INTEGER_VALUE().getText());
  }
}

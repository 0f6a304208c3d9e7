package io.streamsql.cluster.sql.query;

import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.tree.Query;
import java.util.Map;

/**
 * One parsed SELECT to run as a push or pull query: the query, the schema of the source it reads
 * (its FROM relation) and the log holding it (see {@code SourceLogs}), the properties of the request (e.g. {@code auto.offset.reset}), and the
 * statement text as sent (after variable substitution), which ksqlDB echoes in errors.
 */
public record QueryRequest(Query query, SourceSchema source, String sourceLog, Map<String, Object> properties, String text) {
  public QueryRequest {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
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

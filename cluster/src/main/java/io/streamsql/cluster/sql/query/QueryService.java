package io.streamsql.cluster.sql.query;

import io.streamsql.cluster.sql.SqlEngine;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs the SELECTs of the query endpoints: {@code EMIT CHANGES} as a push query, anything else as
 * a pull query. Parsing and source resolution happen here, before any row, so errors come back as
 * a failed stage (ksqlDB's error object and status) rather than inside a started response.
 */
public final class QueryService {
  private final SqlEngine engine;
  private final PushQueries push;
  private final PullQueries pull;

  public QueryService(SqlEngine engine, PushQueries push, PullQueries pull) {
    this.engine = engine;
    this.push = push;
    this.pull = pull;
  }

  public CompletionStage<QueryResult> execute(String sql, Map<String, Object> properties, Map<String, String> variables) {
    QueryRequest request;
    try {
      request = engine.parseQuery(sql, properties, variables);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return request.isPush() ? push.start(request) : pull.execute(request);
  }

  /**
   * Runs a pull query only: a push query ({@code EMIT CHANGES}) is refused with {@code pushRefusal}
   * (Feldera's ad-hoc queries read the current state).
   */
  public CompletionStage<QueryResult> executePull(String sql, String pushRefusal) {
    QueryRequest request;
    try {
      request = engine.parseQuery(sql, Map.of(), Map.of());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (request.isPush()) {
      return CompletableFuture.failedFuture(new io.streamsql.core.error.StreamSqlException(
          io.streamsql.core.error.ErrorCode.INVALID_REQUEST, pushRefusal));
    }
    return pull.execute(request);
  }

  /** Ends a running push query; false when no push query has that id on this node. */
  public CompletionStage<Boolean> close(String queryId) {
    return push.close(queryId);
  }

  public PushQueries push() {
    return push;
  }

  public PullQueries pull() {
    return pull;
  }
}

package io.streamsql.cluster.sql.query;

import io.streamsql.cluster.metrics.QueryMeters;
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
  private final QueryMeters meters;

  public QueryService(SqlEngine engine, PushQueries push, PullQueries pull) {
    this(engine, push, pull, new QueryMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
  }

  public QueryService(SqlEngine engine, PushQueries push, PullQueries pull, QueryMeters meters) {
    this.engine = engine;
    this.push = push;
    this.pull = pull;
    this.meters = meters;
  }

  public CompletionStage<QueryResult> execute(String sql, Map<String, Object> properties, Map<String, String> variables) {
    QueryRequest request;
    try {
      request = engine.parseQuery(sql, properties, variables);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    QueryMeters.Kind kind = request.isPush() ? QueryMeters.Kind.PUSH : QueryMeters.Kind.PULL;
    return counted(kind, request.isPush() ? push.start(request) : pull.execute(request));
  }

  private CompletionStage<QueryResult> counted(QueryMeters.Kind kind, CompletionStage<QueryResult> result) {
    return result.handle((ok, error) -> {
      if (error == null) return meters.track(kind, ok);
      meters.refused(kind);
      throw error instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(error);
    });
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
    return counted(QueryMeters.Kind.PULL, pull.execute(request));
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

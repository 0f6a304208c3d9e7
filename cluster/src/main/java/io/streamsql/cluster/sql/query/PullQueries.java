package io.streamsql.cluster.sql.query;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Pull queries: the current state of a table, or a bounded scan of a stream. */
public final class PullQueries {
  public CompletionStage<QueryResult> execute(QueryRequest request) {
    return CompletableFuture.failedFuture(new StreamSqlException(ErrorCode.SQL_ERROR, "Pull queries are not supported yet"));
  }
}

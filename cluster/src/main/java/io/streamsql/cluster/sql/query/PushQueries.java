package io.streamsql.cluster.sql.query;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Push queries ({@code EMIT CHANGES}): rows as they happen, until LIMIT, close or disconnect. */
public final class PushQueries {
  public CompletionStage<QueryResult> start(QueryRequest request) {
    return CompletableFuture.failedFuture(new StreamSqlException(ErrorCode.SQL_ERROR, "Push queries are not supported yet"));
  }

  public boolean close(String queryId) {
    return false;
  }
}

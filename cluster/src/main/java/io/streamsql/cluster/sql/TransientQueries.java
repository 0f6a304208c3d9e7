package io.streamsql.cluster.sql;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The push queries running in the cluster, as the statements see them: {@code SHOW QUERIES} lists
 * them (type PUSH) and {@code TERMINATE} ends them.
 */
public interface TransientQueries {
  /** A running push query: its id, statement and the source it reads. */
  record Running(String queryId, String statement, String source) {}

  CompletionStage<List<Running>> running();

  /** Ends the query; false when no push query has that id. */
  CompletionStage<Boolean> close(String queryId);

  TransientQueries NONE = new TransientQueries() {
    @Override
    public CompletionStage<List<Running>> running() {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<Boolean> close(String queryId) {
      return CompletableFuture.completedFuture(false);
    }
  };
}

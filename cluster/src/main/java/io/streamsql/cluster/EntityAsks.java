package io.streamsql.cluster;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** Turns failures of asks to entities into StreamSQL errors. */
public final class EntityAsks {
  private EntityAsks() {}

  /**
   * Waits for an ask (at most 60 s) from code that must block (SQL statements, pipeline
   * deployment), with its failure as a StreamSQL error.
   */
  public static <T> T await(java.util.concurrent.CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw translate(e, what);
    } catch (java.util.concurrent.ExecutionException e) {
      throw translate(e.getCause(), what);
    } catch (java.util.concurrent.TimeoutException e) {
      throw translate(e, what);
    }
  }

  /** Unwraps a failed ask: timeouts mean the journal or the owning node did not answer in time. */
  public static StreamSqlException translate(Throwable failure, String what) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    if (t instanceof StreamSqlException e) return e;
    if (t instanceof TimeoutException) {
      return new StreamSqlException(
          ErrorCode.JOURNAL_UNAVAILABLE,
          what + " did not complete in time: the journal or the node owning the data is unavailable",
          Map.of("cause", String.valueOf(t.getMessage())), t);
    }
    return new StreamSqlException(
        ErrorCode.INTERNAL_ERROR, what + " failed: " + Excerpt.of(t.getMessage()), Map.of("cause", t.getClass().getName()), t);
  }
}

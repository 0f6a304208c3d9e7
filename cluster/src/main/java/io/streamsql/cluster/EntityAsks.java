package io.streamsql.cluster;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
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

  /**
   * Asks, and asks again each time an attempt times out, until {@code deadline} has passed. Only
   * for asks that are safe to repeat (reads, or writes the entity recognises as repeated): a
   * message to an entity whose node just died, or whose shard is being handed off, is lost
   * without an answer, and the next attempt finds the entity at its new home.
   *
   * @param ask sends one attempt with the given timeout
   */
  public static <T> CompletionStage<T> retrying(
      Function<Duration, CompletionStage<T>> ask, Duration attemptTimeout, Duration deadline) {
    return attempt(ask, attemptTimeout, System.nanoTime() + deadline.toNanos());
  }

  private static <T> CompletionStage<T> attempt(Function<Duration, CompletionStage<T>> ask, Duration attemptTimeout, long giveUpAt) {
    long left = giveUpAt - System.nanoTime();
    Duration timeout = Duration.ofNanos(Math.max(1, Math.min(left, attemptTimeout.toNanos())));
    return ask.apply(timeout)
        .handle((reply, failure) -> {
          if (failure == null) return CompletableFuture.completedFuture(reply);
          if (isTimeout(failure) && giveUpAt - System.nanoTime() > 0) return attempt(ask, attemptTimeout, giveUpAt);
          return CompletableFuture.<T>failedFuture(failure);
        })
        .thenCompose(stage -> stage);
  }

  private static boolean isTimeout(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t instanceof TimeoutException;
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

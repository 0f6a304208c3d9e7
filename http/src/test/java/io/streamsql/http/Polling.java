package io.streamsql.http;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a condition a client can only learn by asking again (Feldera's completion_status is
 * polled by its clients): asks every {@code interval} until the answer is yes, and fails with
 * {@code what} when {@code timeout} passes first.
 */
final class Polling {
  private Polling() {}

  static void until(Duration timeout, Duration interval, String what, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Executor later = CompletableFuture.delayedExecutor(interval.toMillis(), TimeUnit.MILLISECONDS);
    while (!condition.call()) {
      if (System.nanoTime() > deadline) throw new AssertionError(what + " (not within " + timeout + ")");
      // The next question is asked after the interval, on the delayed executor's schedule.
      CompletableFuture.runAsync(() -> {}, later).get(interval.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    }
  }
}

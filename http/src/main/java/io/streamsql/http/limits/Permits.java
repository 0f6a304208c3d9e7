package io.streamsql.http.limits;

import java.util.concurrent.atomic.AtomicInteger;

/** A count of requests of one kind in progress, refusing more than its limit (0: unlimited). */
final class Permits {
  private final int limit;
  private final AtomicInteger inUse = new AtomicInteger();

  Permits(int limit) {
    this.limit = limit;
  }

  boolean tryAcquire() {
    if (limit <= 0) {
      inUse.incrementAndGet();
      return true;
    }
    while (true) {
      int current = inUse.get();
      if (current >= limit) return false;
      if (inUse.compareAndSet(current, current + 1)) return true;
    }
  }

  void release() {
    inUse.decrementAndGet();
  }

  int inUse() {
    return inUse.get();
  }
}

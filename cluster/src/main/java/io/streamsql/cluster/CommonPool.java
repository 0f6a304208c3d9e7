package io.streamsql.cluster;

/**
 * Pekko's CompletionStages (Scala's FutureConverters) run every callback asynchronously on the
 * JDK common pool. On a machine with 2 cores that pool has parallelism 1, and the JDK then runs
 * each async callback on a new thread: a thread start per request. This raises the pool's
 * parallelism before anything uses it.
 */
public final class CommonPool {
  private static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  public static void ensureParallel() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, Integer.toString(Math.max(4, Runtime.getRuntime().availableProcessors())));
    }
  }
}

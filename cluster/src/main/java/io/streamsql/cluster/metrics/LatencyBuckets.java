package io.streamsql.cluster.metrics;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The histogram buckets of every latency timer: a dozen fixed ones from 1 ms to 10 s, enough for
 * {@code histogram_quantile} without the ~70 buckets per series of Micrometer's percentile histogram.
 */
public final class LatencyBuckets {
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private LatencyBuckets() {}

  public static Timer.Builder timer(String name) {
    return Timer.builder(name).serviceLevelObjectives(BUCKETS);
  }
}

package io.streamsql.http.limits;

import com.typesafe.config.Config;

/**
 * {@code streamsql.http.limits}: how many uploads and live readers one node serves at once, and
 * when it refuses new uploads because its heap is nearly full. Zero disables a limit.
 */
public record AdmissionLimits(int maxUploads, int maxLiveReaders, long retryAfterSeconds, double heapThreshold) {
  public static AdmissionLimits from(Config limits) {
    return new AdmissionLimits(
        limits.getInt("max-concurrent-uploads"),
        limits.getInt("max-live-readers"),
        limits.getDuration("retry-after").toSeconds(),
        limits.getDouble("heap-guard-threshold"));
  }
}

package io.streamsql.cluster.streams;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of live tails ({@code streamsql.log.live}): how often a follower re-subscribes (its
 * heartbeat), how many unacknowledged records a partition sends it, and how many it buffers.
 */
public record LiveTailSettings(boolean enabled, Duration heartbeatInterval, int windowRecords, int bufferRecords) {

  public static final LiveTailSettings DEFAULT = new LiveTailSettings(true, Duration.ofSeconds(1), 10_000, 20_000);

  public static LiveTailSettings from(Config streamsql) {
    Config c = streamsql.getConfig("log.live");
    return new LiveTailSettings(
        c.getBoolean("enabled"), c.getDuration("heartbeat-interval"), c.getInt("window-records"), c.getInt("buffer-records"));
  }

  /** A subscription lapses in the partition after this long without a heartbeat. */
  public long leaseMillis() {
    return heartbeatInterval.toMillis() * 10;
  }
}

package io.streamsql.cluster.connectors.kafka;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code streamsql.connectors.kafka.*}: see docs/configuration.md. */
public record KafkaSourceSettings(
    int batchRecords, long batchBytes, Duration batchDelay, Duration adminTimeout, Duration keeperInterval, Duration restartDelay) {

  public static KafkaSourceSettings from(Config streamsql) {
    Config c = streamsql.getConfig("connectors.kafka");
    return new KafkaSourceSettings(c.getInt("batch-records"), c.getBytes("batch-bytes"), c.getDuration("batch-delay"),
        c.getDuration("admin-timeout"), c.getDuration("keeper-interval"), c.getDuration("restart-delay"));
  }
}

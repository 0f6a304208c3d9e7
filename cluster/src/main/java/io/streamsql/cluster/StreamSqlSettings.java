package io.streamsql.cluster;

import com.typesafe.config.Config;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.time.Duration;

/** The {@code streamsql} section of the configuration, read once at start-up. */
public record StreamSqlSettings(
    String pipeline,
    int defaultPartitions,
    int maxPartitions,
    Duration askTimeout,
    int appendMaxBatchRecords,
    long appendMaxBatchBytes,
    Duration appendMaxBatchDelay,
    int appendParallelism,
    Duration appendAttemptTimeout,
    Duration appendDeadline,
    int appendMaxWriteRecords,
    long appendMaxWriteBytes,
    Duration journalHealthInterval,
    Duration retentionCheckInterval,
    Duration tableDefinitionCacheTtl,
    Duration streamDefinitionCacheTtl,
    io.streamsql.persistence.table.TablePartitionEntity.SnapshotSettings tableSnapshots,
    LogPartitionEntity.Settings log) {

  public static StreamSqlSettings from(Config root) {
    Config c = root.getConfig("streamsql");
    return new StreamSqlSettings(
        c.getString("pipeline"),
        c.getInt("streams.default-partitions"),
        c.getInt("streams.max-partitions"),
        c.getDuration("ask-timeout"),
        c.getInt("append.max-batch-records"),
        c.getBytes("append.max-batch-bytes"),
        c.getDuration("append.max-batch-delay"),
        c.getInt("append.parallelism"),
        c.getDuration("append.attempt-timeout"),
        c.getDuration("append.deadline"),
        c.getInt("append.max-write-records"),
        c.getBytes("append.max-write-bytes"),
        c.getDuration("journal.health-check-interval"),
        c.getDuration("retention.check-interval"),
        c.getDuration("tables.definition-cache-ttl"),
        c.getDuration("streams.definition-cache-ttl"),
        new io.streamsql.persistence.table.TablePartitionEntity.SnapshotSettings(
            c.getBytes("tables.snapshot-chunk-bytes"), c.getLong("tables.snapshot-min-changes")),
        new LogPartitionEntity.Settings(
            c.getLong("log.segment-max-records"), c.getBytes("log.segment-max-bytes"), c.getInt("log.snapshot-every")));
  }
}

package io.streamsql.cluster.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamsql.persistence.log.JournalWriteListener;
import java.util.concurrent.TimeUnit;

/** Journal write latency of the log partitions hosted on this node. */
public final class JournalWriteTimer implements JournalWriteListener {
  private final Timer writes;
  private final Counter records;

  public JournalWriteTimer(MeterRegistry registry) {
    this.writes = LatencyBuckets.timer("streamsql.journal.writes")
        .description("Journal writes of log partitions hosted on this node, from persist to confirmation")
        .register(registry);
    this.records = Counter.builder("streamsql.journal.written.records")
        .description("Records journaled by log partitions hosted on this node")
        .register(registry);
  }

  @Override
  public void written(int count, long nanos) {
    writes.record(nanos, TimeUnit.NANOSECONDS);
    records.increment(count);
  }
}

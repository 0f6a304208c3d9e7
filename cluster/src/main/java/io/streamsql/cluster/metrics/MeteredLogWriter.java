package io.streamsql.cluster.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.streamsql.cluster.log.LogRecord;
import io.streamsql.cluster.log.LogWriter;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Counts the records written through a {@link LogWriter} when they are handed to it and when every
 * partition has acknowledged them, and times each append from the call to the acknowledgement.
 * Without {@code stream-label} the meters have no per-stream series, so their number stays fixed
 * however many streams there are.
 */
public final class MeteredLogWriter implements LogWriter {
  private final LogWriter logs;
  private final MeterRegistry registry;
  private final boolean streamLabel;
  private final Meters unlabelled;

  public MeteredLogWriter(LogWriter logs, NodeMetrics metrics) {
    this.logs = logs;
    this.registry = metrics.registry();
    this.streamLabel = metrics.streamLabel();
    this.unlabelled = streamLabel ? null : meters(Tags.empty());
  }

  @Override
  public CompletionStage<Map<Integer, LogPartitionEntity.Appended>> append(String log, List<LogRecord> records) {
    Meters m = streamLabel ? meters(Tags.of("stream", log)) : unlabelled;
    m.appended.increment(records.size());
    Timer.Sample sample = Timer.start(registry);
    return logs.append(log, records).whenComplete((appended, error) -> {
      sample.stop(error == null ? m.succeeded : m.failed);
      if (error == null) m.acknowledged.increment(records.size());
    });
  }

  private record Meters(Counter appended, Counter acknowledged, Timer succeeded, Timer failed) {}

  private Meters meters(Tags tags) {
    // Micrometer returns the registered meter when one with these name and tags exists.
    return new Meters(
        Counter.builder("streamsql.records.appended").tags(tags)
            .description("Records handed to the log writer on this node (uploads, topic writes)").register(registry),
        Counter.builder("streamsql.records.acknowledged").tags(tags)
            .description("Records whose partitions confirmed they are persisted").register(registry),
        LatencyBuckets.timer("streamsql.append.latency").tags(tags).tag("outcome", "success")
            .description("From an append to the log writer until every partition acknowledged it").register(registry),
        LatencyBuckets.timer("streamsql.append.latency").tags(tags).tag("outcome", "error")
            .description("From an append to the log writer until every partition acknowledged it").register(registry));
  }
}

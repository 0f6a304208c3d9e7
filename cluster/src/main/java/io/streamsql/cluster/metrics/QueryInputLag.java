package io.streamsql.cluster.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.persistence.log.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How far each persistent query running on this node is behind its input, per input partition:
 * the partition's end offset (polled, see {@link #poll()}) minus the offset after the last record
 * whose outputs are in the sink. Series exist while the query runs here and carry the query id
 * (operators create queries, so their number is bounded by the operators, not by traffic).
 */
public final class QueryInputLag {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Tracker> running = new ConcurrentHashMap<>();

  public QueryInputLag(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Starts tracking a query that reads {@code log} from {@code from} (partition → next offset). */
  public Tracker track(String queryId, LogReader.LogSource log, Map<Integer, Long> from) {
    Tracker tracker = new Tracker(queryId, log, from);
    Tracker previous = running.put(queryId, tracker);
    if (previous == null) tracker.register();
    else tracker.meters.addAll(previous.meters);
    return tracker;
  }

  /** Asks every tracked query's input partitions for their end offsets. */
  public void poll() {
    for (Tracker tracker : running.values()) {
      tracker.log.states().get().thenAccept(tracker::ends);
    }
  }

  /** The lag of one partition; NaN before the first poll or when the query stopped. */
  private double lag(String queryId, int partition) {
    Tracker t = running.get(queryId);
    if (t == null || partition >= t.positions.length()) return Double.NaN;
    long end = t.ends.get(partition);
    if (end < 0) return Double.NaN;
    return Math.max(0, end - t.positions.get(partition));
  }

  /** One run of a query on this node. */
  public final class Tracker {
    private final String queryId;
    private final LogReader.LogSource log;
    private final AtomicLongArray positions;
    private final AtomicLongArray ends;
    private final List<Meter> meters = new ArrayList<>();

    private Tracker(String queryId, LogReader.LogSource log, Map<Integer, Long> from) {
      this.queryId = queryId;
      this.log = log;
      this.positions = new AtomicLongArray(log.partitions());
      this.ends = new AtomicLongArray(log.partitions());
      for (int p = 0; p < log.partitions(); p++) {
        positions.set(p, from.getOrDefault(p, 0L));
        ends.set(p, -1);
      }
    }

    private void register() {
      for (int p = 0; p < positions.length(); p++) {
        int partition = p;
        meters.add(Gauge.builder("streamsql.query.input.lag", () -> lag(queryId, partition))
            .tag("query", queryId).tag("partition", Integer.toString(p))
            .description("Records of an input partition a persistent query running on this node has not processed yet")
            .register(registry));
      }
    }

    /** The outputs of every record of {@code partition} before {@code nextOffset} are in the sink. */
    public void processed(int partition, long nextOffset) {
      if (partition < positions.length()) positions.accumulateAndGet(partition, nextOffset, Math::max);
    }

    private void ends(List<PartitionState> states) {
      for (int p = 0; p < states.size() && p < ends.length(); p++) ends.set(p, states.get(p).nextOffset());
    }

    /** The query stopped here: its series go (unless it already runs again). */
    public void close() {
      if (running.remove(queryId, this)) meters.forEach(registry::remove);
    }
  }
}

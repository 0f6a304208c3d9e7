package io.streamsql.cluster.streams;

import io.streamsql.core.error.StreamSqlException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an upload persisted: the record count and, per partition, the first and last offsets
 * written. {@code error} is set when the upload stopped at bad input; everything counted here
 * was persisted before it.
 */
public record AppendSummary(long records, Map<Integer, OffsetRange> partitions, StreamSqlException error) {

  public record OffsetRange(long firstOffset, long lastOffset, long records) {}

  public static AppendSummary empty() {
    return new AppendSummary(0, new TreeMap<>(), null);
  }

  AppendSummary plus(int partition, long firstOffset, int count) {
    Map<Integer, OffsetRange> ranges = new TreeMap<>(partitions);
    long last = firstOffset + count - 1;
    ranges.merge(partition, new OffsetRange(firstOffset, last, count),
        (a, b) -> new OffsetRange(Math.min(a.firstOffset(), b.firstOffset()), Math.max(a.lastOffset(), b.lastOffset()), a.records() + b.records()));
    return new AppendSummary(records + count, ranges, error);
  }

  AppendSummary failedWith(StreamSqlException e) {
    return new AppendSummary(records, partitions, error == null ? e : error);
  }
}

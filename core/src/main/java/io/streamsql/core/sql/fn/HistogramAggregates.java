package io.streamsql.core.sql.fn;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * ksqlDB's HISTOGRAM: how many times each distinct STRING occurs in the group, for at most
 * {@link #LIMIT} distinct values (later new values are ignored; values already counted still are).
 * A null value is counted under the null key, as ksqlDB counts it; stored as JSON, that key is
 * written as the text {@code "null"}, as every MAP's null key is. It can undo, so it aggregates
 * tables: a value whose count falls to 0 leaves the map.
 */
public final class HistogramAggregates {
  public static final int LIMIT = 1000;

  private HistogramAggregates() {}

  @Udaf(name = "HISTOGRAM", description = "A map of each distinct value of the group to the number of times it occurs, for up to 1000 distinct values.",
      params = {"STRING"}, returns = "MAP<STRING, BIGINT>")
  public static TableAggregator<String, Map<String, Long>, Map<String, Long>> histogram() {
    return new Histogram();
  }

  private static final class Histogram implements TableAggregator<String, Map<String, Long>, Map<String, Long>> {
    @Override
    public Map<String, Long> initialize() {
      return Collections.emptyMap();
    }

    @Override
    public Map<String, Long> aggregate(String value, Map<String, Long> counts) {
      return add(counts, value, 1L);
    }

    @Override
    public Map<String, Long> undo(String value, Map<String, Long> counts) {
      Long count = counts.get(value);
      if (count == null) return counts;
      Map<String, Long> out = new HashMap<>(counts);
      if (count <= 1) out.remove(value);
      else out.put(value, count - 1);
      return Collections.unmodifiableMap(out);
    }

    @Override
    public Map<String, Long> merge(Map<String, Long> left, Map<String, Long> right) {
      Map<String, Long> out = left;
      for (Map.Entry<String, Long> e : right.entrySet()) out = add(out, e.getKey(), e.getValue());
      return out;
    }

    @Override
    public Map<String, Long> map(Map<String, Long> counts) {
      return counts;
    }

    private static Map<String, Long> add(Map<String, Long> counts, String value, long n) {
      if (counts.size() >= LIMIT && !counts.containsKey(value)) return counts;
      Map<String, Long> out = new HashMap<>(counts);
      out.merge(value, n, Long::sum);
      return Collections.unmodifiableMap(out);
    }
  }
}

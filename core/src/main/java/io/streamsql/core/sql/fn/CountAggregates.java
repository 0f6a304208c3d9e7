package io.streamsql.core.sql.fn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * ksqlDB's COUNT: {@code COUNT(col)} counts non-null values; {@code COUNT(*)} is planned as a count
 * of a never-null argument. COUNT_DISTINCT counts the distinct non-null values.
 */
public final class CountAggregates {
  private CountAggregates() {}

  @Udaf(name = "COUNT", description = "The number of rows whose argument is not null.", params = {"T"}, returns = "BIGINT")
  public static TableAggregator<Object, Long, Long> count() {
    return new TableAggregator<>() {
      @Override
      public Long initialize() {
        return 0L;
      }

      @Override
      public Long aggregate(Object value, Long count) {
        return value == null ? count : count + 1;
      }

      @Override
      public Long undo(Object value, Long count) {
        return value == null ? count : count - 1;
      }

      @Override
      public Long merge(Long left, Long right) {
        return left + right;
      }

      @Override
      public Long map(Long count) {
        return count;
      }
    };
  }

  /**
   * COUNT_DISTINCT. ksqlDB estimates it with a HyperLogLog sketch (a standard error under 1%);
   * this one is exact: the accumulator is the array of the distinct non-null values seen, so it
   * grows with their number. Like ksqlDB's, it aggregates streams only.
   */
  @Udaf(name = "COUNT_DISTINCT", description = "The number of distinct non-null values of the group (exact here; ksqlDB estimates it).",
      params = {"T"}, returns = "BIGINT", aggregate = "ARRAY<T>")
  public static Aggregator<Object, List<Object>, Long> countDistinct() {
    return new Aggregator<>() {
      @Override
      public List<Object> initialize() {
        return Collections.emptyList();
      }

      @Override
      public List<Object> aggregate(Object value, List<Object> seen) {
        return value == null || seen.contains(value) ? seen : Accumulators.append(seen, value);
      }

      @Override
      public List<Object> merge(List<Object> left, List<Object> right) {
        List<Object> out = new ArrayList<>(left);
        for (Object v : right) if (!out.contains(v)) out.add(v);
        return Accumulators.list(out);
      }

      @Override
      public Long map(List<Object> seen) {
        return (long) seen.size();
      }
    };
  }
}

package io.streamsql.core.sql.fn;

import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * ksqlDB's AVG over INT, BIGINT and DOUBLE, always a DOUBLE: the running sum (of the argument's
 * type, so an INT sum wraps as ksqlDB's does) over the count of non-null values; 0.0 when there
 * are none. ksqlDB has no DECIMAL overload, so AVG of a DECIMAL is rejected here too.
 */
public final class AverageAggregates {
  private AverageAggregates() {}

  @Udaf(name = "AVG", description = "The average of the non-null INT values: their sum divided by their count.",
      params = {"INT"}, returns = "DOUBLE", aggregate = "STRUCT<SUM INT, COUNT BIGINT>")
  public static TableAggregator<Integer, Map<String, Object>, Double> avgInt() {
    return new Average<>(0, Integer::sum, (a, b) -> a - b, Integer::doubleValue);
  }

  @Udaf(name = "AVG", description = "The average of the non-null BIGINT values: their sum divided by their count.",
      params = {"BIGINT"}, returns = "DOUBLE", aggregate = "STRUCT<SUM BIGINT, COUNT BIGINT>")
  public static TableAggregator<Long, Map<String, Object>, Double> avgBigint() {
    return new Average<>(0L, Long::sum, (a, b) -> a - b, Long::doubleValue);
  }

  @Udaf(name = "AVG", description = "The average of the non-null DOUBLE values: their sum divided by their count.",
      params = {"DOUBLE"}, returns = "DOUBLE", aggregate = "STRUCT<SUM DOUBLE, COUNT BIGINT>")
  public static TableAggregator<Double, Map<String, Object>, Double> avgDouble() {
    return new Average<>(0.0, Double::sum, (a, b) -> a - b, Double::doubleValue);
  }

  /** The accumulator is {@code STRUCT<SUM T, COUNT BIGINT>}. */
  private record Average<T>(T zero, BinaryOperator<T> add, BinaryOperator<T> subtract, ToDoubleFunction<T> asDouble)
      implements TableAggregator<T, Map<String, Object>, Double> {
    @Override
    public Map<String, Object> initialize() {
      return Accumulators.struct("SUM", zero, "COUNT", 0L);
    }

    @SuppressWarnings("unchecked")
    private T sum(Map<String, Object> acc) {
      return (T) acc.get("SUM");
    }

    private static long count(Map<String, Object> acc) {
      return (Long) acc.get("COUNT");
    }

    @Override
    public Map<String, Object> aggregate(T value, Map<String, Object> acc) {
      if (value == null) return acc;
      return Accumulators.struct("SUM", add.apply(sum(acc), value), "COUNT", count(acc) + 1);
    }

    @Override
    public Map<String, Object> undo(T value, Map<String, Object> acc) {
      if (value == null) return acc;
      return Accumulators.struct("SUM", subtract.apply(sum(acc), value), "COUNT", count(acc) - 1);
    }

    @Override
    public Map<String, Object> merge(Map<String, Object> left, Map<String, Object> right) {
      return Accumulators.struct("SUM", add.apply(sum(left), sum(right)), "COUNT", count(left) + count(right));
    }

    @Override
    public Double map(Map<String, Object> acc) {
      long count = count(acc);
      return count == 0 ? 0.0 : asDouble.applyAsDouble(sum(acc)) / count;
    }
  }
}

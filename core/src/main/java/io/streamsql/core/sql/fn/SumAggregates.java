package io.streamsql.core.sql.fn;

import java.math.BigDecimal;
import java.util.function.BinaryOperator;

/** ksqlDB's SUM: the result has the argument's type; nulls are skipped; the sum of no values is 0. */
public final class SumAggregates {
  private SumAggregates() {}

  @Udaf(name = "SUM", description = "The sum of the non-null values.", params = {"INT"}, returns = "INT")
  public static TableAggregator<Integer, Integer, Integer> sumInt() {
    return new Sum<>(0, Integer::sum, (a, b) -> a - b);
  }

  @Udaf(name = "SUM", description = "The sum of the non-null values.", params = {"BIGINT"}, returns = "BIGINT")
  public static TableAggregator<Long, Long, Long> sumBigint() {
    return new Sum<>(0L, Long::sum, (a, b) -> a - b);
  }

  @Udaf(name = "SUM", description = "The sum of the non-null values.", params = {"DOUBLE"}, returns = "DOUBLE")
  public static TableAggregator<Double, Double, Double> sumDouble() {
    return new Sum<>(0.0, Double::sum, (a, b) -> a - b);
  }

  @Udaf(name = "SUM", description = "The sum of the non-null values.", params = {"DECIMAL"}, returns = "DECIMAL")
  public static TableAggregator<BigDecimal, BigDecimal, BigDecimal> sumDecimal() {
    return new Sum<>(BigDecimal.ZERO, BigDecimal::add, BigDecimal::subtract);
  }

  /** A running sum with its identity, addition and subtraction. */
  private record Sum<T>(T zero, BinaryOperator<T> add, BinaryOperator<T> subtract) implements TableAggregator<T, T, T> {
    @Override
    public T initialize() {
      return zero;
    }

    @Override
    public T aggregate(T value, T sum) {
      return value == null ? sum : add.apply(sum, value);
    }

    @Override
    public T undo(T value, T sum) {
      return value == null ? sum : subtract.apply(sum, value);
    }

    @Override
    public T merge(T left, T right) {
      return add.apply(left, right);
    }

    @Override
    public T map(T sum) {
      return sum;
    }
  }
}

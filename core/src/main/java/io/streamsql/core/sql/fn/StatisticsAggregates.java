package io.streamsql.core.sql.fn;

import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * ksqlDB's sample standard deviation (STDDEV_SAMPLE, and the older STDDEV_SAMP) and CORRELATION.
 *
 * <p>The standard deviation keeps {@code STRUCT<SUM T, COUNT BIGINT, M2 DOUBLE>} and updates M2
 * with the Youngs-Cramer recurrence, as ksqlDB does; fewer than two values give 0.0. As in
 * ksqlDB, STDDEV_SAMP returns the sample <em>variance</em> (the square of the deviation: a
 * ksqlDB bug it keeps for compatibility) and, for INT and BIGINT, merges session windows with
 * integer means; STDDEV_SAMPLE returns the square root and merges with exact means.
 *
 * <p>CORRELATION is Pearson's coefficient from running sums in DOUBLE; rows where either column
 * is null are skipped; a single row (or constant values) gives NaN, as in ksqlDB.
 */
public final class StatisticsAggregates {
  private StatisticsAggregates() {}

  // ---- STDDEV_SAMPLE

  @Udaf(name = "STDDEV_SAMPLE", description = "The sample standard deviation of the non-null INT values.",
      params = {"INT"}, returns = "DOUBLE", aggregate = "STRUCT<SUM INT, COUNT BIGINT, M2 DOUBLE>")
  public static TableAggregator<Integer, Map<String, Object>, Double> stddevSampleInt() {
    return intDeviation(true);
  }

  @Udaf(name = "STDDEV_SAMPLE", description = "The sample standard deviation of the non-null BIGINT values.",
      params = {"BIGINT"}, returns = "DOUBLE", aggregate = "STRUCT<SUM BIGINT, COUNT BIGINT, M2 DOUBLE>")
  public static TableAggregator<Long, Map<String, Object>, Double> stddevSampleBigint() {
    return bigintDeviation(true);
  }

  @Udaf(name = "STDDEV_SAMPLE", description = "The sample standard deviation of the non-null DOUBLE values.",
      params = {"DOUBLE"}, returns = "DOUBLE", aggregate = "STRUCT<SUM DOUBLE, COUNT BIGINT, M2 DOUBLE>")
  public static TableAggregator<Double, Map<String, Object>, Double> stddevSampleDouble() {
    return doubleDeviation(true);
  }

  // ---- STDDEV_SAMP (ksqlDB's first version: returns the variance)

  @Udaf(name = "STDDEV_SAMP", description = "The sample variance of the non-null INT values (ksqlDB's STDDEV_SAMP returns the square of the standard deviation).",
      params = {"INT"}, returns = "DOUBLE", aggregate = "STRUCT<SUM INT, COUNT BIGINT, M2 DOUBLE>")
  public static TableAggregator<Integer, Map<String, Object>, Double> stddevSampInt() {
    return intDeviation(false);
  }

  @Udaf(name = "STDDEV_SAMP", description = "The sample variance of the non-null BIGINT values (ksqlDB's STDDEV_SAMP returns the square of the standard deviation).",
      params = {"BIGINT"}, returns = "DOUBLE", aggregate = "STRUCT<SUM BIGINT, COUNT BIGINT, M2 DOUBLE>")
  public static TableAggregator<Long, Map<String, Object>, Double> stddevSampBigint() {
    return bigintDeviation(false);
  }

  @Udaf(name = "STDDEV_SAMP", description = "The sample variance of the non-null DOUBLE values (ksqlDB's STDDEV_SAMP returns the square of the standard deviation).",
      params = {"DOUBLE"}, returns = "DOUBLE", aggregate = "STRUCT<SUM DOUBLE, COUNT BIGINT, M2 DOUBLE>")
  public static TableAggregator<Double, Map<String, Object>, Double> stddevSampDouble() {
    return doubleDeviation(false);
  }

  private static Deviation<Integer> intDeviation(boolean sample) {
    return new Deviation<>(0, Integer::sum, (a, b) -> a - b,
        (sum, count, v) -> (double) (v * (count + 1) - (sum + v)),
        sample ? (s, c) -> s.doubleValue() / c : (s, c) -> (double) (s / c), sample);
  }

  private static Deviation<Long> bigintDeviation(boolean sample) {
    return new Deviation<>(0L, Long::sum, (a, b) -> a - b,
        (sum, count, v) -> (double) (v * (count + 1) - (sum + v)),
        sample ? (s, c) -> s.doubleValue() / c : (s, c) -> (double) (s / c), sample);
  }

  private static Deviation<Double> doubleDeviation(boolean sample) {
    return new Deviation<>(0.0, Double::sum, (a, b) -> a - b,
        (sum, count, v) -> v * (count + 1) - (sum + v), (s, c) -> s / c, sample);
  }

  /** {@code value * (count + 1) - (sum + value)} in the argument's arithmetic. */
  private interface Delta<T> {
    double of(T sum, long count, T value);
  }

  /** The mean {@code sum / count} as ksqlDB computes it when merging (integer division for STDDEV_SAMP's integers). */
  private interface Mean<T> {
    double of(T sum, long count);
  }

  private record Deviation<T>(T zero, BinaryOperator<T> add, BinaryOperator<T> subtract, Delta<T> delta, Mean<T> mean, boolean sqrt)
      implements TableAggregator<T, Map<String, Object>, Double> {
    @SuppressWarnings("unchecked")
    private T sum(Map<String, Object> acc) {
      return (T) acc.get("SUM");
    }

    private static long count(Map<String, Object> acc) {
      return (Long) acc.get("COUNT");
    }

    private static double m2(Map<String, Object> acc) {
      return (Double) acc.get("M2");
    }

    private static Map<String, Object> of(Object sum, long count, double m2) {
      return Accumulators.struct("SUM", sum, "COUNT", count, "M2", m2);
    }

    @Override
    public Map<String, Object> initialize() {
      return of(zero, 0L, 0.0);
    }

    @Override
    public Map<String, Object> aggregate(T value, Map<String, Object> acc) {
      if (value == null) return acc;
      long count = count(acc);
      double added = 0.0;
      if (count > 0) {
        double d = delta.of(sum(acc), count, value);
        added = d * d / ((count + 1) * count);
      }
      return of(add.apply(sum(acc), value), count + 1, m2(acc) + added);
    }

    @Override
    public Map<String, Object> undo(T value, Map<String, Object> acc) {
      if (value == null) return acc;
      long remaining = count(acc) - 1;
      double removed = 0.0;
      if (remaining > 0) {
        double d = delta.of(sum(acc), count(acc), value);
        removed = d * d / (remaining * (remaining + 1));
      }
      return of(subtract.apply(sum(acc), value), remaining, m2(acc) - removed);
    }

    @Override
    public Map<String, Object> merge(Map<String, Object> left, Map<String, Object> right) {
      long cl = count(left);
      long cr = count(right);
      double m2 = m2(left) + m2(right);
      if (cl != 0 && cr != 0) {
        double between = mean.of(sum(left), cl) - mean.of(sum(right), cr);
        m2 += cl * cr * between * between / (cl + cr);
      }
      return of(add.apply(sum(left), sum(right)), cl + cr, m2);
    }

    @Override
    public Double map(Map<String, Object> acc) {
      long count = count(acc);
      if (count < 2) return 0.0;
      double variance = m2(acc) / (count - 1);
      return sqrt ? Math.sqrt(variance) : variance;
    }
  }

  // ---- CORRELATION

  private static final String CORRELATION_STATE =
      "STRUCT<X_SUM DOUBLE, Y_SUM DOUBLE, X_SQUARED_SUM DOUBLE, Y_SQUARED_SUM DOUBLE, XY_SUM DOUBLE, COUNT BIGINT>";

  @Udaf(name = "CORRELATION", description = "Pearson's correlation coefficient of two DOUBLE columns.",
      params = {"DOUBLE", "DOUBLE"}, returns = "DOUBLE", aggregate = CORRELATION_STATE)
  public static TableAggregator<Object, Map<String, Object>, Double> correlationDouble() {
    return new Correlation<Double>(Double::doubleValue);
  }

  @Udaf(name = "CORRELATION", description = "Pearson's correlation coefficient of two INT columns.",
      params = {"INT", "INT"}, returns = "DOUBLE", aggregate = CORRELATION_STATE)
  public static TableAggregator<Object, Map<String, Object>, Double> correlationInt() {
    return new Correlation<Integer>(Integer::doubleValue);
  }

  @Udaf(name = "CORRELATION", description = "Pearson's correlation coefficient of two BIGINT columns.",
      params = {"BIGINT", "BIGINT"}, returns = "DOUBLE", aggregate = CORRELATION_STATE)
  public static TableAggregator<Object, Map<String, Object>, Double> correlationBigint() {
    return new Correlation<Long>(Long::doubleValue);
  }

  /** The input is the list {@code [x, y]}; the accumulator holds the running sums of x, y, x², y², xy and the count. */
  private record Correlation<T>(ToDoubleFunction<T> asDouble) implements TableAggregator<Object, Map<String, Object>, Double> {
    private static final String[] SUMS = {"X_SUM", "Y_SUM", "X_SQUARED_SUM", "Y_SQUARED_SUM", "XY_SUM"};

    private static Map<String, Object> of(double[] sums, long count) {
      return Accumulators.struct(SUMS[0], sums[0], SUMS[1], sums[1], SUMS[2], sums[2], SUMS[3], sums[3], SUMS[4], sums[4], "COUNT", count);
    }

    private static double get(Map<String, Object> acc, int i) {
      return (Double) acc.get(SUMS[i]);
    }

    private static long count(Map<String, Object> acc) {
      return (Long) acc.get("COUNT");
    }

    @Override
    public Map<String, Object> initialize() {
      return of(new double[5], 0L);
    }

    /** The acc with the row's terms added times {@code sign}, or the acc itself when a column is null. */
    private Map<String, Object> add(Object row, Map<String, Object> acc, int sign) {
      T xv = Accumulators.arg(row, 0);
      T yv = Accumulators.arg(row, 1);
      if (xv == null || yv == null) return acc;
      double x = asDouble.applyAsDouble(xv);
      double y = asDouble.applyAsDouble(yv);
      double[] terms = {x, y, x * x, y * y, x * y};
      double[] sums = new double[5];
      for (int i = 0; i < 5; i++) sums[i] = sign > 0 ? get(acc, i) + terms[i] : get(acc, i) - terms[i];
      return of(sums, count(acc) + sign);
    }

    @Override
    public Map<String, Object> aggregate(Object row, Map<String, Object> acc) {
      return add(row, acc, 1);
    }

    @Override
    public Map<String, Object> undo(Object row, Map<String, Object> acc) {
      return add(row, acc, -1);
    }

    @Override
    public Map<String, Object> merge(Map<String, Object> left, Map<String, Object> right) {
      double[] sums = new double[5];
      for (int i = 0; i < 5; i++) sums[i] = get(left, i) + get(right, i);
      return of(sums, count(left) + count(right));
    }

    @Override
    public Double map(Map<String, Object> acc) {
      long n = count(acc);
      double sx = get(acc, 0);
      double sy = get(acc, 1);
      double numerator = n * get(acc, 4) - sx * sy;
      double varX = n * get(acc, 2) - sx * sx;
      double varY = n * get(acc, 3) - sy * sy;
      return numerator / Math.sqrt(varX * varY);
    }
  }
}

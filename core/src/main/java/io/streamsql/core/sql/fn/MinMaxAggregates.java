package io.streamsql.core.sql.fn;

/**
 * ksqlDB's MIN and MAX over the comparable types (numbers, strings, bytes, dates, times, timestamps):
 * nulls are skipped and the result of no values is null. They cannot undo (a removed extreme
 * would need every value), so, as in ksqlDB, they aggregate streams only.
 */
public final class MinMaxAggregates {
  private MinMaxAggregates() {}

  @Udaf(name = "MIN", description = "The smallest non-null value.", params = {"INT"}, returns = "INT")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> minInt() {
    return new Extreme(-1);
  }

  @Udaf(name = "MIN", description = "The smallest non-null value.", params = {"BIGINT"}, returns = "BIGINT")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> minBigint() {
    return new Extreme(-1);
  }

  @Udaf(name = "MIN", description = "The smallest non-null value.", params = {"DOUBLE"}, returns = "DOUBLE")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> minDouble() {
    return new Extreme(-1);
  }

  @Udaf(name = "MIN", description = "The smallest non-null value.", params = {"DECIMAL"}, returns = "DECIMAL")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> minDecimal() {
    return new Extreme(-1);
  }

  @Udaf(name = "MIN", description = "The smallest non-null value.", params = {"STRING"}, returns = "STRING")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> minString() {
    return new Extreme(-1);
  }

  @Udaf(name = "MIN", description = "The smallest non-null value.", params = {"BYTES"}, returns = "BYTES")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> minBytes() {
    return new Extreme(-1);
  }

  @Udaf(name = "MIN", description = "The smallest non-null value.", params = {"DATE"}, returns = "DATE")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> minDate() {
    return new Extreme(-1);
  }

  @Udaf(name = "MIN", description = "The smallest non-null value.", params = {"TIME"}, returns = "TIME")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> minTime() {
    return new Extreme(-1);
  }

  @Udaf(name = "MIN", description = "The smallest non-null value.", params = {"TIMESTAMP"}, returns = "TIMESTAMP")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> minTimestamp() {
    return new Extreme(-1);
  }

  @Udaf(name = "MAX", description = "The largest non-null value.", params = {"INT"}, returns = "INT")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> maxInt() {
    return new Extreme(1);
  }

  @Udaf(name = "MAX", description = "The largest non-null value.", params = {"BIGINT"}, returns = "BIGINT")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> maxBigint() {
    return new Extreme(1);
  }

  @Udaf(name = "MAX", description = "The largest non-null value.", params = {"DOUBLE"}, returns = "DOUBLE")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> maxDouble() {
    return new Extreme(1);
  }

  @Udaf(name = "MAX", description = "The largest non-null value.", params = {"DECIMAL"}, returns = "DECIMAL")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> maxDecimal() {
    return new Extreme(1);
  }

  @Udaf(name = "MAX", description = "The largest non-null value.", params = {"STRING"}, returns = "STRING")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> maxString() {
    return new Extreme(1);
  }

  @Udaf(name = "MAX", description = "The largest non-null value.", params = {"BYTES"}, returns = "BYTES")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> maxBytes() {
    return new Extreme(1);
  }

  @Udaf(name = "MAX", description = "The largest non-null value.", params = {"DATE"}, returns = "DATE")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> maxDate() {
    return new Extreme(1);
  }

  @Udaf(name = "MAX", description = "The largest non-null value.", params = {"TIME"}, returns = "TIME")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> maxTime() {
    return new Extreme(1);
  }

  @Udaf(name = "MAX", description = "The largest non-null value.", params = {"TIMESTAMP"}, returns = "TIMESTAMP")
  public static Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> maxTimestamp() {
    return new Extreme(1);
  }

  /** Keeps the value whose comparison with the current one has the sign {@code keep}. */
  private record Extreme(int keep) implements Aggregator<Comparable<Object>, Comparable<Object>, Comparable<Object>> {
    @Override
    public Comparable<Object> initialize() {
      return null;
    }

    @Override
    public Comparable<Object> aggregate(Comparable<Object> value, Comparable<Object> current) {
      if (value == null) return current;
      if (current == null) return value;
      return Integer.signum(value.compareTo(current)) == keep ? value : current;
    }

    @Override
    public Comparable<Object> merge(Comparable<Object> left, Comparable<Object> right) {
      return aggregate(right, left);
    }

    @Override
    public Comparable<Object> map(Comparable<Object> current) {
      return current;
    }
  }
}

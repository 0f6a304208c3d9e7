package io.streamsql.cluster.sql.qtt.functions;

import io.streamsql.core.sql.fn.Aggregator;
import io.streamsql.core.sql.fn.Udaf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ksqlDB's multi-column and variadic test aggregates: VAR_ARG, MID_VAR_ARG, MULTI_ARG, FOUR_ARG,
 * FIVE_ARG (sums of a BIGINT, the lengths of strings and INTs, starting from initial arguments or
 * adding them at the end) and GENERIC_VAR_ARG, OBJ_COL_ARG (the first column's values of the rows
 * whose other columns are all non-null). Column values arrive as a list in argument order.
 */
public final class VariadicTestUdafs {
  private VariadicTestUdafs() {}

  @Udaf(name = "VAR_ARG", description = "Returns the sum of the provided longs and lengths of strings.", params = {"BIGINT", "STRING..."},
      returns = "BIGINT")
  public static Aggregator<List<Object>, Long, Long> varArg() {
    return new Sum(0, 0);
  }

  @Udaf(name = "MID_VAR_ARG", description = "Returns the sum of the provided longs, lengths of strings, and initial arguments.",
      params = {"BIGINT", "STRING..."}, returns = "BIGINT")
  public static Aggregator<List<Object>, Long, Long> midVarArg(int first, int second) {
    return new Sum(0, first + second);
  }

  @Udaf(name = "MULTI_ARG", description = "Returns the sum of the provided longs and lengths of strings.", params = {"BIGINT", "STRING"},
      returns = "BIGINT")
  public static Aggregator<List<Object>, Long, Long> multiArg(int initArg1, String... initArg2) {
    return new Sum(start(initArg1, initArg2), 0);
  }

  @Udaf(name = "FOUR_ARG", description = "Returns the sum of the provided longs and lengths of strings.",
      params = {"BIGINT", "STRING", "STRING", "STRING"}, returns = "BIGINT")
  public static Aggregator<List<Object>, Long, Long> fourArg(int initArg1, String... initArg2) {
    return new Sum(start(initArg1, initArg2), 0);
  }

  @Udaf(name = "FIVE_ARG", description = "Returns the sum of the provided longs, lengths of strings, and integers.",
      params = {"BIGINT", "STRING", "STRING", "STRING", "INT"}, returns = "BIGINT")
  public static Aggregator<List<Object>, Long, Long> fiveArg(int initArg1, String... initArg2) {
    return new Sum(start(initArg1, initArg2), 0);
  }

  @Udaf(name = "GENERIC_VAR_ARG", description = "Returns an array of rows where all the given columns are non-null.",
      params = {"A", "B", "C..."}, returns = "ARRAY<A>")
  public static Aggregator<List<Object>, List<Object>, List<Object>> genericVarArg() {
    return new FirstWhereAllPresent();
  }

  @Udaf(name = "OBJ_COL_ARG", description = "Returns an array of rows where all the given columns are non-null.",
      params = {"INT", "ANY..."}, returns = "ARRAY<INT>")
  public static Aggregator<List<Object>, List<Object>, List<Object>> objColArg() {
    return new FirstWhereAllPresent();
  }

  private static long start(int first, String... rest) {
    long start = first;
    for (String s : rest) start += s.length();
    return start;
  }

  /** Adds each number and each string's length (nulls add nothing); {@code plus} is added to the result, not the state. */
  private record Sum(long start, long plus) implements Aggregator<List<Object>, Long, Long> {
    @Override
    public Long initialize() {
      return start;
    }

    @Override
    public Long aggregate(List<Object> values, Long acc) {
      long sum = acc;
      for (Object v : values) {
        if (v instanceof Number n) sum += n.longValue();
        else if (v instanceof String s) sum += s.length();
      }
      return sum;
    }

    @Override
    public Long merge(Long left, Long right) {
      return left + right;
    }

    @Override
    public Long map(Long acc) {
      return acc + plus;
    }
  }

  /** The first column's value of every row whose columns are all non-null. */
  private static final class FirstWhereAllPresent implements Aggregator<List<Object>, List<Object>, List<Object>> {
    @Override
    public List<Object> initialize() {
      return List.of();
    }

    @Override
    public List<Object> aggregate(List<Object> values, List<Object> acc) {
      if (!values.stream().allMatch(Objects::nonNull)) return acc;
      List<Object> next = new ArrayList<>(acc);
      next.add(values.get(0));
      return next;
    }

    @Override
    public List<Object> merge(List<Object> left, List<Object> right) {
      List<Object> next = new ArrayList<>(left);
      next.addAll(right);
      return next;
    }

    @Override
    public List<Object> map(List<Object> acc) {
      return acc;
    }
  }
}

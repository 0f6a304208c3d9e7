package io.streamsql.core.sql.fn;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * ksqlDB's TOPK(col, k) and TOPKDISTINCT(col, k): the k largest non-null values of the group,
 * largest first, with repeats (TOPK) or each value once (TOPKDISTINCT). The accumulator is the
 * result array itself. They cannot undo, so, as in ksqlDB, they aggregate streams only. ksqlDB's
 * TOPK also takes further columns, {@code TOPK(col, k, other, …)}, returning structs of the sort
 * column and the others; that variadic form is not offered here.
 */
public final class TopkAggregates {
  private TopkAggregates() {}

  @Udaf(name = "TOPK", description = "The k largest non-null INT values of the group, largest first.", params = {"INT"}, returns = "ARRAY<INT>")
  public static Aggregator<Integer, List<Integer>, List<Integer>> topkInt(int k) {
    return new Topk<>(k, false);
  }

  @Udaf(name = "TOPK", description = "The k largest non-null BIGINT values of the group, largest first.", params = {"BIGINT"}, returns = "ARRAY<BIGINT>")
  public static Aggregator<Long, List<Long>, List<Long>> topkBigint(int k) {
    return new Topk<>(k, false);
  }

  @Udaf(name = "TOPK", description = "The k largest non-null DOUBLE values of the group, largest first.", params = {"DOUBLE"}, returns = "ARRAY<DOUBLE>")
  public static Aggregator<Double, List<Double>, List<Double>> topkDouble(int k) {
    return new Topk<>(k, false);
  }

  @Udaf(name = "TOPK", description = "The k largest non-null STRING values of the group, largest first.", params = {"STRING"}, returns = "ARRAY<STRING>")
  public static Aggregator<String, List<String>, List<String>> topkString(int k) {
    return new Topk<>(k, false);
  }

  @Udaf(name = "TOPKDISTINCT", description = "The k largest distinct non-null INT values of the group, largest first.", params = {"INT"}, returns = "ARRAY<INT>")
  public static Aggregator<Integer, List<Integer>, List<Integer>> topkDistinctInt(int k) {
    return new Topk<>(k, true);
  }

  @Udaf(name = "TOPKDISTINCT", description = "The k largest distinct non-null BIGINT values of the group, largest first.", params = {"BIGINT"}, returns = "ARRAY<BIGINT>")
  public static Aggregator<Long, List<Long>, List<Long>> topkDistinctBigint(int k) {
    return new Topk<>(k, true);
  }

  @Udaf(name = "TOPKDISTINCT", description = "The k largest distinct non-null DOUBLE values of the group, largest first.", params = {"DOUBLE"}, returns = "ARRAY<DOUBLE>")
  public static Aggregator<Double, List<Double>, List<Double>> topkDistinctDouble(int k) {
    return new Topk<>(k, true);
  }

  @Udaf(name = "TOPKDISTINCT", description = "The k largest distinct non-null STRING values of the group, largest first.", params = {"STRING"}, returns = "ARRAY<STRING>")
  public static Aggregator<String, List<String>, List<String>> topkDistinctString(int k) {
    return new Topk<>(k, true);
  }

  @Udaf(name = "TOPKDISTINCT", description = "The k largest distinct non-null DECIMAL values of the group, largest first.", params = {"DECIMAL"}, returns = "ARRAY<DECIMAL>")
  public static Aggregator<BigDecimal, List<BigDecimal>, List<BigDecimal>> topkDistinctDecimal(int k) {
    return new Topk<>(k, true);
  }

  @Udaf(name = "TOPKDISTINCT", description = "The k latest distinct non-null DATE values of the group, latest first.", params = {"DATE"}, returns = "ARRAY<DATE>")
  public static Aggregator<LocalDate, List<LocalDate>, List<LocalDate>> topkDistinctDate(int k) {
    return new Topk<>(k, true);
  }

  @Udaf(name = "TOPKDISTINCT", description = "The k latest distinct non-null TIME values of the group, latest first.", params = {"TIME"}, returns = "ARRAY<TIME>")
  public static Aggregator<LocalTime, List<LocalTime>, List<LocalTime>> topkDistinctTime(int k) {
    return new Topk<>(k, true);
  }

  @Udaf(name = "TOPKDISTINCT", description = "The k latest distinct non-null TIMESTAMP values of the group, latest first.", params = {"TIMESTAMP"}, returns = "ARRAY<TIMESTAMP>")
  public static Aggregator<Instant, List<Instant>, List<Instant>> topkDistinctTimestamp(int k) {
    return new Topk<>(k, true);
  }

  @Udaf(name = "TOPKDISTINCT", description = "The k largest distinct non-null BYTES values of the group, largest first.", params = {"BYTES"}, returns = "ARRAY<BYTES>")
  public static Aggregator<ByteBuffer, List<ByteBuffer>, List<ByteBuffer>> topkDistinctBytes(int k) {
    return new Topk<>(k, true);
  }

  /** The k largest values, sorted largest first; {@code distinct} keeps each value once. */
  private static final class Topk<T extends Comparable<? super T>> implements Aggregator<T, List<T>, List<T>> {
    private final int k;
    private final boolean distinct;

    Topk(int k, boolean distinct) {
      if (k < 1) throw new IllegalArgumentException((distinct ? "TOPKDISTINCT" : "TOPK") + "'s k must be 1 or greater, not " + k);
      this.k = k;
      this.distinct = distinct;
    }

    @Override
    public List<T> initialize() {
      return Collections.emptyList();
    }

    @Override
    public List<T> aggregate(T value, List<T> top) {
      if (value == null) return top;
      if (top.size() == k && value.compareTo(top.get(k - 1)) <= 0) return top;
      if (distinct && top.contains(value)) return top;
      List<T> out = new ArrayList<>(top);
      if (out.size() == k) out.set(k - 1, value);
      else out.add(value);
      out.sort(Comparator.reverseOrder());
      return Accumulators.list(out);
    }

    /** Both sides are sorted largest first: take the larger head until k are taken (a value on both sides once, for TOPKDISTINCT). */
    @Override
    public List<T> merge(List<T> left, List<T> right) {
      List<T> out = new ArrayList<>(Math.min(k, left.size() + right.size()));
      int l = 0;
      int r = 0;
      while (out.size() < k && (l < left.size() || r < right.size())) {
        if (r >= right.size()) {
          out.add(left.get(l++));
          continue;
        }
        if (l >= left.size()) {
          out.add(right.get(r++));
          continue;
        }
        int c = left.get(l).compareTo(right.get(r));
        if (c > 0 || (c == 0 && !distinct)) {
          out.add(left.get(l++));
        } else if (c < 0) {
          out.add(right.get(r++));
        } else {
          out.add(left.get(l++));
          r++;
        }
      }
      return Accumulators.list(out);
    }

    @Override
    public List<T> map(List<T> top) {
      return top;
    }
  }
}

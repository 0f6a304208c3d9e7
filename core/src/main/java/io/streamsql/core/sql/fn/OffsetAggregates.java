package io.streamsql.core.sql.fn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ksqlDB's EARLIEST_BY_OFFSET and LATEST_BY_OFFSET: the first or last value of the group (or the
 * first or last n, oldest first), in the order values arrive, which is offset order per key.
 * Nulls are skipped unless {@code ignoreNulls} is false. Neither can undo, so, as in ksqlDB, they
 * aggregate streams only.
 *
 * <p>As in ksqlDB, each kept value is stored with a sequence number, {@code STRUCT<SEQ BIGINT,
 * VAL T>}, so that merging two session windows keeps the earlier (or later) values. The aggregator
 * cannot see offsets, so sequence numbers come from one process-wide counter, as ksqlDB's do; it
 * starts from the clock (microseconds since the epoch) so that numbers given after a restart
 * still follow the stored ones, and a new value's number always exceeds those already in its
 * accumulator.
 */
public final class OffsetAggregates {
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final Comparator<Map<String, Object>> BY_SEQ = Comparator.comparingLong(OffsetAggregates::seq);

  private OffsetAggregates() {}

  /** The next sequence number: above every one given before in this process and above {@code atLeast}. */
  static long nextSequence(long atLeast) {
    long now = System.currentTimeMillis() * 1000;
    return SEQUENCE.updateAndGet(last -> Math.max(Math.max(last + 1, now), atLeast));
  }

  private static long seq(Map<String, Object> entry) {
    return (Long) entry.get("SEQ");
  }

  private static Map<String, Object> entry(long seq, Object value) {
    return Accumulators.struct("SEQ", seq, "VAL", value);
  }

  private static int checkN(String name, int n) {
    if (n < 1) throw new IllegalArgumentException(name + "'s n must be 1 or greater, not " + n);
    return n;
  }

  // ---- EARLIEST_BY_OFFSET

  @Udaf(name = "EARLIEST_BY_OFFSET", description = "The earliest non-null value of the group, by offset.",
      params = {"T"}, returns = "T", aggregate = "STRUCT<SEQ BIGINT, VAL T>")
  public static Aggregator<Object, Map<String, Object>, Object> earliest() {
    return new Earliest(true);
  }

  @Udaf(name = "EARLIEST_BY_OFFSET", description = "The earliest value of the group, by offset; nulls count unless ignoreNulls is true.",
      params = {"T"}, returns = "T", aggregate = "STRUCT<SEQ BIGINT, VAL T>")
  public static Aggregator<Object, Map<String, Object>, Object> earliest(boolean ignoreNulls) {
    return new Earliest(ignoreNulls);
  }

  @Udaf(name = "EARLIEST_BY_OFFSET", description = "The earliest n non-null values of the group, by offset, earliest first.",
      params = {"T"}, returns = "ARRAY<T>", aggregate = "ARRAY<STRUCT<SEQ BIGINT, VAL T>>")
  public static Aggregator<Object, List<Map<String, Object>>, List<Object>> earliest(int n) {
    return new EarliestN(checkN("EARLIEST_BY_OFFSET", n), true);
  }

  @Udaf(name = "EARLIEST_BY_OFFSET", description = "The earliest n values of the group, by offset, earliest first; nulls count unless ignoreNulls is true.",
      params = {"T"}, returns = "ARRAY<T>", aggregate = "ARRAY<STRUCT<SEQ BIGINT, VAL T>>")
  public static Aggregator<Object, List<Map<String, Object>>, List<Object>> earliest(int n, boolean ignoreNulls) {
    return new EarliestN(checkN("EARLIEST_BY_OFFSET", n), ignoreNulls);
  }

  // ---- LATEST_BY_OFFSET

  @Udaf(name = "LATEST_BY_OFFSET", description = "The latest non-null value of the group, by offset.",
      params = {"T"}, returns = "T", aggregate = "STRUCT<SEQ BIGINT, VAL T>")
  public static Aggregator<Object, Map<String, Object>, Object> latest() {
    return new Latest(true);
  }

  @Udaf(name = "LATEST_BY_OFFSET", description = "The latest value of the group, by offset; nulls count unless ignoreNulls is true.",
      params = {"T"}, returns = "T", aggregate = "STRUCT<SEQ BIGINT, VAL T>")
  public static Aggregator<Object, Map<String, Object>, Object> latest(boolean ignoreNulls) {
    return new Latest(ignoreNulls);
  }

  @Udaf(name = "LATEST_BY_OFFSET", description = "The latest n non-null values of the group, by offset, earliest first.",
      params = {"T"}, returns = "ARRAY<T>", aggregate = "ARRAY<STRUCT<SEQ BIGINT, VAL T>>")
  public static Aggregator<Object, List<Map<String, Object>>, List<Object>> latest(int n) {
    return new LatestN(checkN("LATEST_BY_OFFSET", n), true);
  }

  @Udaf(name = "LATEST_BY_OFFSET", description = "The latest n values of the group, by offset, earliest first; nulls count unless ignoreNulls is true.",
      params = {"T"}, returns = "ARRAY<T>", aggregate = "ARRAY<STRUCT<SEQ BIGINT, VAL T>>")
  public static Aggregator<Object, List<Map<String, Object>>, List<Object>> latest(int n, boolean ignoreNulls) {
    return new LatestN(checkN("LATEST_BY_OFFSET", n), ignoreNulls);
  }

  /** No accumulator (null) until the first value counts; then it never changes. */
  private record Earliest(boolean ignoreNulls) implements Aggregator<Object, Map<String, Object>, Object> {
    @Override
    public Map<String, Object> initialize() {
      return null;
    }

    @Override
    public Map<String, Object> aggregate(Object value, Map<String, Object> acc) {
      if (acc != null || (value == null && ignoreNulls)) return acc;
      return entry(nextSequence(0), value);
    }

    @Override
    public Map<String, Object> merge(Map<String, Object> left, Map<String, Object> right) {
      if (left == null) return right;
      if (right == null) return left;
      return seq(left) < seq(right) ? left : right;
    }

    @Override
    public Object map(Map<String, Object> acc) {
      return acc == null ? null : acc.get("VAL");
    }
  }

  /** Starts as a null value numbered when the group starts, so a merge with a later window prefers that window's value. */
  private record Latest(boolean ignoreNulls) implements Aggregator<Object, Map<String, Object>, Object> {
    @Override
    public Map<String, Object> initialize() {
      return entry(nextSequence(0), null);
    }

    @Override
    public Map<String, Object> aggregate(Object value, Map<String, Object> acc) {
      if (value == null && ignoreNulls) return acc;
      return entry(nextSequence(acc == null ? 0 : seq(acc) + 1), value);
    }

    /** The later one; when nulls are ignored, a non-null value beats a null one whatever their order. */
    @Override
    public Map<String, Object> merge(Map<String, Object> left, Map<String, Object> right) {
      if (left == null) return right;
      if (right == null) return left;
      if (ignoreNulls) {
        boolean leftNull = left.get("VAL") == null;
        boolean rightNull = right.get("VAL") == null;
        if (leftNull && rightNull) return left;
        if (leftNull) return right;
        if (rightNull) return left;
      }
      return seq(left) >= seq(right) ? left : right;
    }

    @Override
    public Object map(Map<String, Object> acc) {
      return acc == null ? null : acc.get("VAL");
    }
  }

  private record EarliestN(int n, boolean ignoreNulls) implements Aggregator<Object, List<Map<String, Object>>, List<Object>> {
    @Override
    public List<Map<String, Object>> initialize() {
      return Collections.emptyList();
    }

    @Override
    public List<Map<String, Object>> aggregate(Object value, List<Map<String, Object>> acc) {
      if ((value == null && ignoreNulls) || acc.size() >= n) return acc;
      return Accumulators.append(acc, entry(nextSequence(0), value));
    }

    @Override
    public List<Map<String, Object>> merge(List<Map<String, Object>> left, List<Map<String, Object>> right) {
      List<Map<String, Object>> all = new ArrayList<>(left);
      all.addAll(right);
      all.sort(BY_SEQ);
      return Accumulators.list(all.subList(0, Math.min(n, all.size())));
    }

    @Override
    public List<Object> map(List<Map<String, Object>> acc) {
      return values(acc);
    }
  }

  private record LatestN(int n, boolean ignoreNulls) implements Aggregator<Object, List<Map<String, Object>>, List<Object>> {
    @Override
    public List<Map<String, Object>> initialize() {
      return Collections.emptyList();
    }

    @Override
    public List<Map<String, Object>> aggregate(Object value, List<Map<String, Object>> acc) {
      if (value == null && ignoreNulls) return acc;
      long after = acc.isEmpty() ? 0 : seq(acc.get(acc.size() - 1)) + 1;
      List<Map<String, Object>> out = Accumulators.append(acc, entry(nextSequence(after), value));
      return out.size() > n ? Accumulators.list(out.subList(out.size() - n, out.size())) : out;
    }

    /** The latest n of both windows, earliest first. (ksqlDB keeps the earliest n here, a bug; this keeps the latest.) */
    @Override
    public List<Map<String, Object>> merge(List<Map<String, Object>> left, List<Map<String, Object>> right) {
      List<Map<String, Object>> all = new ArrayList<>(left);
      all.addAll(right);
      all.sort(BY_SEQ);
      return Accumulators.list(all.subList(Math.max(0, all.size() - n), all.size()));
    }

    @Override
    public List<Object> map(List<Map<String, Object>> acc) {
      return values(acc);
    }
  }

  private static List<Object> values(List<Map<String, Object>> acc) {
    List<Object> out = new ArrayList<>(acc.size());
    for (Map<String, Object> e : acc) out.add(e.get("VAL"));
    return Accumulators.list(out);
  }
}

package io.streamsql.core.sql.fn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * ksqlDB's COLLECT_LIST and COLLECT_SET: every value (nulls included, as in ksqlDB) in arrival
 * order, or each distinct value once. Values beyond the limit are silently ignored; the limit is
 * {@link #DEFAULT_LIMIT} (ksqlDB's {@code ksql.functions.collect_list.limit} and
 * {@code collect_set.limit} as Confluent Cloud fixes them; self-managed ksqlDB is unlimited unless
 * configured), and {@link #collectList(int)} / {@link #collectSet(int)} build other limits (a
 * negative one means none). COLLECT_LIST can undo (it removes the last occurrence of the value),
 * so it aggregates tables; COLLECT_SET, as in ksqlDB, aggregates streams only.
 */
public final class CollectAggregates {
  /** The default maximum number of elements collected. */
  public static final int DEFAULT_LIMIT = 1000;

  private CollectAggregates() {}

  @Udaf(name = "COLLECT_LIST", description = "An array of all the values of the group, in the order they arrive, up to 1000 of them.",
      params = {"T"}, returns = "ARRAY<T>")
  public static TableAggregator<Object, List<Object>, List<Object>> collectList() {
    return collectList(DEFAULT_LIMIT);
  }

  @Udaf(name = "COLLECT_SET", description = "An array of the distinct values of the group, in the order they first arrive, up to 1000 of them.",
      params = {"T"}, returns = "ARRAY<T>")
  public static Aggregator<Object, List<Object>, List<Object>> collectSet() {
    return collectSet(DEFAULT_LIMIT);
  }

  /** COLLECT_LIST with another limit; negative means unlimited. */
  public static TableAggregator<Object, List<Object>, List<Object>> collectList(int limit) {
    return new CollectList(limit < 0 ? Integer.MAX_VALUE : limit);
  }

  /** COLLECT_SET with another limit; negative means unlimited. */
  public static Aggregator<Object, List<Object>, List<Object>> collectSet(int limit) {
    return new CollectSet(limit < 0 ? Integer.MAX_VALUE : limit);
  }

  private record CollectList(int limit) implements TableAggregator<Object, List<Object>, List<Object>> {
    @Override
    public List<Object> initialize() {
      return Collections.emptyList();
    }

    @Override
    public List<Object> aggregate(Object value, List<Object> list) {
      return list.size() < limit ? Accumulators.append(list, value) : list;
    }

    @Override
    public List<Object> undo(Object value, List<Object> list) {
      int last = list.lastIndexOf(value);
      if (last < 0) return list; // never collected: it came after the limit
      List<Object> out = new ArrayList<>(list);
      out.remove(last);
      return Accumulators.list(out);
    }

    /** The left window's values, then the right one's, up to the limit (ksqlDB's order for merged sessions). */
    @Override
    public List<Object> merge(List<Object> left, List<Object> right) {
      List<Object> out = new ArrayList<>(left);
      out.addAll(right.subList(0, Math.max(0, Math.min(limit - left.size(), right.size()))));
      return Accumulators.list(out);
    }

    @Override
    public List<Object> map(List<Object> list) {
      return list;
    }
  }

  private record CollectSet(int limit) implements Aggregator<Object, List<Object>, List<Object>> {
    @Override
    public List<Object> initialize() {
      return Collections.emptyList();
    }

    @Override
    public List<Object> aggregate(Object value, List<Object> set) {
      return set.size() < limit && !set.contains(value) ? Accumulators.append(set, value) : set;
    }

    @Override
    public List<Object> merge(List<Object> left, List<Object> right) {
      List<Object> out = new ArrayList<>(left);
      for (Object v : right) {
        if (out.size() >= limit) break;
        if (!out.contains(v)) out.add(v);
      }
      return Accumulators.list(out);
    }

    @Override
    public List<Object> map(List<Object> set) {
      return set;
    }
  }
}

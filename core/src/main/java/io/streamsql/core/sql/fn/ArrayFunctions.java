package io.streamsql.core.sql.fn;

import io.streamsql.core.sql.expr.Comparisons;
import io.streamsql.core.sql.expr.ValueText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** ksqlDB's array functions. Null arrays give null; null elements are kept unless said otherwise. */
public final class ArrayFunctions {
  private ArrayFunctions() {}

  @Udf(name = "ARRAY_LENGTH", description = "The number of elements.")
  public static Integer arrayLength(List<?> a) {
    return a == null ? null : a.size();
  }

  @Udf(name = "ARRAY_CONTAINS", description = "Whether the array holds the value.")
  public static Boolean arrayContains(@UdfParam("ARRAY<T>") List<?> a, Object value) {
    if (a == null) return false;
    for (Object o : a) if (Objects.equals(o, value) || o != null && value != null && Comparisons.equal(o, value)) return true;
    return false;
  }

  @Udf(name = "ARRAY_DISTINCT", description = "The elements without duplicates, in first-seen order.", returns = "ARRAY<T>")
  public static List<?> arrayDistinct(List<?> a) {
    return a == null ? null : new ArrayList<>(new LinkedHashSet<>(a));
  }

  @Udf(name = "ARRAY_EXCEPT", description = "The distinct elements of the first array not in the second.", returns = "ARRAY<T>")
  public static List<?> arrayExcept(List<?> a, List<?> b) {
    if (a == null || b == null) return null;
    LinkedHashSet<Object> out = new LinkedHashSet<>(a);
    out.removeAll(b);
    return new ArrayList<>(out);
  }

  @Udf(name = "ARRAY_INTERSECT", description = "The distinct elements in both arrays.", returns = "ARRAY<T>")
  public static List<?> arrayIntersect(List<?> a, List<?> b) {
    if (a == null || b == null) return null;
    LinkedHashSet<Object> out = new LinkedHashSet<>(a);
    out.retainAll(b);
    return new ArrayList<>(out);
  }

  @Udf(name = "ARRAY_UNION", description = "The distinct elements of either array.", returns = "ARRAY<T>")
  public static List<?> arrayUnion(List<?> a, List<?> b) {
    if (a == null || b == null) return null;
    LinkedHashSet<Object> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return new ArrayList<>(out);
  }

  @Udf(name = "ARRAY_CONCAT", description = "The elements of both arrays.", returns = "ARRAY<T>")
  public static List<?> arrayConcat(List<?> a, List<?> b) {
    if (a == null && b == null) return null;
    List<Object> out = new ArrayList<>();
    if (a != null) out.addAll(a);
    if (b != null) out.addAll(b);
    return out;
  }

  @Udf(name = "ARRAY_JOIN", description = "The elements' text joined with commas.")
  public static String arrayJoin(List<?> a) {
    return arrayJoin(a, ",");
  }

  @Udf(name = "ARRAY_JOIN", description = "The elements' text joined with a delimiter.")
  public static String arrayJoin(List<?> a, String delimiter) {
    if (a == null) return null;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < a.size(); i++) {
      if (i > 0 && delimiter != null) sb.append(delimiter);
      sb.append(a.get(i) == null ? "null" : ValueText.toText(a.get(i)));
    }
    return sb.toString();
  }

  @Udf(name = "ARRAY_MAX", description = "The greatest non-null element.", returns = "T")
  public static Object arrayMax(List<?> a) {
    if (a == null) return null;
    return a.stream().filter(Objects::nonNull).max(Comparisons::compare).orElse(null);
  }

  @Udf(name = "ARRAY_MIN", description = "The least non-null element.", returns = "T")
  public static Object arrayMin(List<?> a) {
    if (a == null) return null;
    return a.stream().filter(Objects::nonNull).min(Comparisons::compare).orElse(null);
  }

  @Udf(name = "ARRAY_REMOVE", description = "The array without the elements equal to a value.", returns = "ARRAY<T>")
  public static List<?> arrayRemove(@UdfParam("ARRAY<T>") List<?> a, Object value) {
    if (a == null) return null;
    List<Object> out = new ArrayList<>();
    for (Object o : a) if (!Objects.equals(o, value)) out.add(o);
    return out;
  }

  @Udf(name = "ARRAY_SORT", description = "The elements in ascending order, nulls last.", returns = "ARRAY<T>")
  public static List<?> arraySort(List<?> a) {
    return arraySort(a, "ASC");
  }

  @Udf(name = "ARRAY_SORT", description = "The elements in ASC(ENDING) or DESC(ENDING) order, nulls last; null for another direction.", returns = "ARRAY<T>")
  public static List<?> arraySort(List<?> a, String direction) {
    if (a == null || direction == null) return null;
    Comparator<Object> order = Comparisons::compare;
    String d = direction.toUpperCase(java.util.Locale.ROOT);
    if (d.equals("DESC") || d.equals("DESCENDING")) order = order.reversed();
    else if (!d.equals("ASC") && !d.equals("ASCENDING")) return null;
    List<Object> out = new ArrayList<>(a);
    out.sort(Comparator.nullsLast(order));
    return out;
  }

  @Udf(name = "SLICE", description = "The elements from one 1-based position to another, inclusive.", returns = "ARRAY<T>")
  public static List<?> slice(List<?> a, Integer from, Integer to) {
    if (a == null) return null;
    int start = from == null ? 0 : from - 1;
    int end = to == null ? a.size() : to;
    if (start < 0 || start > a.size() || end > a.size() || end < start) return null;
    return new ArrayList<>(a.subList(start, end));
  }

  @Udf(name = "GENERATE_SERIES", description = "The integers from start to end inclusive.", returns = "ARRAY<INT>")
  public static List<Integer> generateSeries(Integer start, Integer end) {
    return generateSeries(start, end, start <= end ? 1 : -1);
  }

  @Udf(name = "GENERATE_SERIES", description = "The integers from start to end inclusive, by step.", returns = "ARRAY<INT>")
  public static List<Integer> generateSeries(Integer start, Integer end, Integer step) {
    if (start == null || end == null || step == null) return null;
    if (step == 0 || (end - start) * (long) step < 0) throw new IllegalArgumentException("GENERATE_SERIES step " + step + " never reaches " + end);
    List<Integer> out = new ArrayList<>();
    for (long i = start; step > 0 ? i <= end : i >= end; i += step) out.add((int) i);
    return out;
  }

  @Udf(name = "GENERATE_SERIES", description = "The integers from start to end inclusive.", returns = "ARRAY<BIGINT>")
  public static List<Long> generateSeries(Long start, Long end) {
    return generateSeries(start, end, start <= end ? 1L : -1L);
  }

  @Udf(name = "GENERATE_SERIES", description = "The integers from start to end inclusive, by step.", returns = "ARRAY<BIGINT>")
  public static List<Long> generateSeries(Long start, Long end, Long step) {
    if (start == null || end == null || step == null) return null;
    if (step == 0 || (end - start) * step < 0) throw new IllegalArgumentException("GENERATE_SERIES step " + step + " never reaches " + end);
    List<Long> out = new ArrayList<>();
    for (long i = start; step > 0 ? i <= end : i >= end; i += step) out.add(i);
    return out;
  }
}

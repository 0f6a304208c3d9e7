package io.streamsql.core.sql.fn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders of accumulator values as the engine stores them: a STRUCT is a map of its upper-case
 * field names (in declaration order, null fields allowed), an ARRAY a list. Every value built here
 * is a fresh copy, so aggregators never change an accumulator they were given.
 */
final class Accumulators {
  private Accumulators() {}

  /** A struct from alternating field names and values, e.g. {@code struct("SUM", 1, "COUNT", 1L)}. */
  static Map<String, Object> struct(Object... namesAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) out.put((String) namesAndValues[i], namesAndValues[i + 1]);
    return Collections.unmodifiableMap(out);
  }

  /** An unmodifiable copy of a list that may hold nulls. */
  static <T> List<T> list(List<? extends T> values) {
    return Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** A copy of {@code values} with {@code value} appended. */
  static <T> List<T> append(List<? extends T> values, T value) {
    List<T> out = new ArrayList<>(values.size() + 1);
    out.addAll(values);
    out.add(value);
    return Collections.unmodifiableList(out);
  }

  /** The {@code i}th column argument of a multi-column call, whose values arrive as a list in argument order. */
  @SuppressWarnings("unchecked")
  static <T> T arg(Object args, int i) {
    return (T) ((List<?>) args).get(i);
  }
}

package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.serde.JsonValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Drives a resolved aggregate as the engine does: every accumulator is stored as JSON of the declared type and read back. */
final class AggregateTesting {
  static final AggregateRegistry REGISTRY = AggregateRegistry.standard();

  private AggregateTesting() {}

  static AggregateRegistry.Resolved resolve(String name, List<SqlType> argTypes, Object... initArgs) {
    var r = REGISTRY.resolve(name, argTypes, Arrays.asList(initArgs));
    assertNotNull(r, () -> "no overload of " + name + " for " + argTypes + " " + Arrays.toString(initArgs));
    return r;
  }

  /** The accumulator as the engine would read it back after storing it. */
  static Object stored(AggregateRegistry.Resolved r, Object acc) {
    Object back = JsonValues.read(JsonValues.write(acc, r.aggregateType()), r.aggregateType(), "test");
    assertEquals(acc, back, "accumulator round-trip through " + r.aggregateType().sql());
    return back;
  }

  /** The accumulator after the values, stored and read back after every step. */
  static Object accumulate(AggregateRegistry.Resolved r, Object... values) {
    var a = r.aggregator();
    Object acc = stored(r, a.initialize());
    for (Object v : values) acc = stored(r, a.aggregate(v, acc));
    return acc;
  }

  /** The result after each value in turn, as a stream aggregation emits them. */
  static List<Object> results(AggregateRegistry.Resolved r, Object... values) {
    var a = r.aggregator();
    Object acc = stored(r, a.initialize());
    List<Object> out = new ArrayList<>();
    for (Object v : values) {
      acc = stored(r, a.aggregate(v, acc));
      out.add(a.map(acc));
    }
    return out;
  }

  static Object fold(AggregateRegistry.Resolved r, Object... values) {
    return r.aggregator().map(accumulate(r, values));
  }

  @SuppressWarnings("unchecked")
  static TableAggregator<Object, Object, Object> table(AggregateRegistry.Resolved r) {
    return (TableAggregator<Object, Object, Object>) r.aggregator();
  }

  /** Undoes a value from the accumulator, storing and reading back the result. */
  static Object undo(AggregateRegistry.Resolved r, Object value, Object acc) {
    return stored(r, table(r).undo(value, acc));
  }

  static Object merge(AggregateRegistry.Resolved r, Object left, Object right) {
    return stored(r, r.aggregator().merge(left, right));
  }

  static List<Object> list(Object... values) {
    return Arrays.asList(values);
  }
}

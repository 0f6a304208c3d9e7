package io.streamsql.core.sql.fn;

import static io.streamsql.core.sql.fn.AggregateTesting.accumulate;
import static io.streamsql.core.sql.fn.AggregateTesting.list;
import static io.streamsql.core.sql.fn.AggregateTesting.resolve;
import static io.streamsql.core.sql.fn.AggregateTesting.results;
import static io.streamsql.core.sql.fn.AggregateTesting.stored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EARLIEST_BY_OFFSET and LATEST_BY_OFFSET, with the cases of ksqlDB's QTT earliest-/latest-offset-udaf.json. */
class OffsetAggregatesTest {
  private static final List<SqlType> INT = List.of(SqlTypes.INT);

  /**
   * A session window merge as Kafka Streams does it: the existing windows (each a list of values,
   * aggregated in turn) are merged into a fresh accumulator, then the new value is aggregated.
   */
  private static Object session(AggregateRegistry.Resolved r, List<Object> windows, Object value) {
    var a = r.aggregator();
    List<Object> existing = windows.stream().map(w -> accumulate(r, ((List<?>) w).toArray())).toList();
    Object acc = stored(r, a.initialize());
    for (Object w : existing) acc = stored(r, a.merge(acc, w));
    return a.map(stored(r, a.aggregate(value, acc)));
  }

  private static List<Object> one(Object v) {
    return list(v);
  }

  @Test
  void earliestKeepsTheFirstValue() {
    var earliest = resolve("EARLIEST_BY_OFFSET", INT);
    assertEquals(SqlTypes.INT, earliest.returnType());
    assertEquals("STRUCT<`SEQ` BIGINT, `VAL` INTEGER>", earliest.aggregateType().sql());
    assertFalse(earliest.overload().supportsTables());
    assertEquals(list(12, 12, 12), results(earliest, 12, null, 13));
    assertEquals(list(null, 13), results(resolve("EARLIEST_BY_OFFSET", INT, true), null, 13));
    assertEquals(list(null, null), results(resolve("EARLIEST_BY_OFFSET", INT, false), null, 13));
    assertEquals(list(null, null), results(earliest, null, null));
    var decimal = resolve("EARLIEST_BY_OFFSET", List.of(new SqlType.Decimal(3, 2)), true);
    assertEquals(list(new BigDecimal("3.40"), new BigDecimal("3.40")), results(decimal, new BigDecimal("3.40"), new BigDecimal("8.90")));
  }

  @Test
  void earliestNKeepsTheFirstN() {
    var earliest = resolve("EARLIEST_BY_OFFSET", INT, 2);
    assertEquals(new SqlType.Array(SqlTypes.INT), earliest.returnType());
    assertEquals("ARRAY<STRUCT<`SEQ` BIGINT, `VAL` INTEGER>>", earliest.aggregateType().sql());
    assertEquals(list(list(), list(13)), results(earliest, null, 13));
    assertEquals(list(list(12), list(12), list(12, 13), list(12, 13)), results(earliest, 12, null, 13, 14));
    var withNulls = resolve("EARLIEST_BY_OFFSET", INT, 2, false);
    assertEquals(list(list((Object) null), list(null, 13)), results(withNulls, null, 13));
    assertEquals(list(list(12), list(12, null), list(12, null)), results(withNulls, 12, null, 13));
    assertThrows(IllegalArgumentException.class, () -> resolve("EARLIEST_BY_OFFSET", INT, 0));
  }

  @Test
  void earliestMergesSessionsByArrival() {
    assertEquals(1, session(resolve("EARLIEST_BY_OFFSET", INT, true), list(one(null), one(1)), null));
    assertEquals(null, session(resolve("EARLIEST_BY_OFFSET", INT, false), list(one(null), one(1)), null));
    assertEquals(list(1), session(resolve("EARLIEST_BY_OFFSET", INT, 2, true), list(one(null), one(1)), null));
    assertEquals(list(null, 1), session(resolve("EARLIEST_BY_OFFSET", INT, 2, false), list(one(null), one(1)), null));
    assertEquals(list(null, null), session(resolve("EARLIEST_BY_OFFSET", INT, 2, false), list(one(null), one(null)), null));
    var earliest = resolve("EARLIEST_BY_OFFSET", INT);
    Object first = accumulate(earliest, 1);
    Object second = accumulate(earliest, 2);
    assertEquals(1, earliest.aggregator().map(earliest.aggregator().merge(second, first)));
    assertEquals(1, earliest.aggregator().map(earliest.aggregator().merge(first, second)));
  }

  @Test
  void latestKeepsTheLastValue() {
    var latest = resolve("LATEST_BY_OFFSET", INT);
    assertEquals("STRUCT<`SEQ` BIGINT, `VAL` INTEGER>", latest.aggregateType().sql());
    assertFalse(latest.overload().supportsTables());
    assertEquals(list(12, 12, 13), results(latest, 12, null, 13));
    assertEquals(list(12, null, 13), results(resolve("LATEST_BY_OFFSET", INT, false), 12, null, 13));
    assertEquals(list(null, null), results(latest, null, null));
    var struct = new SqlType.Struct(List.of(new SqlType.Field("A", SqlTypes.STRING), new SqlType.Field("B", SqlTypes.INT)));
    Map<String, Object> s1 = new LinkedHashMap<>(Map.of("A", "Early0", "B", 1));
    Map<String, Object> s2 = new LinkedHashMap<>(Map.of("A", "Later0", "B", 3));
    assertEquals(list(s1, s2), results(resolve("LATEST_BY_OFFSET", List.of(struct)), s1, s2));
    var maps = resolve("LATEST_BY_OFFSET", List.of(new SqlType.Map(SqlTypes.STRING, SqlTypes.DOUBLE)));
    assertEquals(Map.of("Later1", 4.0), AggregateTesting.fold(maps, Map.of("Early0", 1.234), Map.of("Later1", 4.0)));
  }

  @Test
  void latestNKeepsTheLastNOldestFirst() {
    var latest = resolve("LATEST_BY_OFFSET", INT, 2, true);
    assertEquals(list(list(12), list(12), list(12, 13), list(13, 14)), results(latest, 12, null, 13, 14));
    assertEquals(list(list(), list()), results(resolve("LATEST_BY_OFFSET", INT, 2), null, null));
    var withNulls = resolve("LATEST_BY_OFFSET", INT, 2, false);
    assertEquals(list(list(12), list(12, null), list(null, 13)), results(withNulls, 12, null, 13));
  }

  @Test
  void latestMergesSessionsByArrival() {
    var latest = resolve("LATEST_BY_OFFSET", INT);
    var keepNulls = resolve("LATEST_BY_OFFSET", INT, false);
    assertEquals(2, session(latest, list(one(1), one(3)), 2));
    assertEquals(2, session(latest, list(one(1), one(null)), 2));
    assertEquals(1, session(latest, list(one(1)), null));
    assertEquals(2, session(keepNulls, list(one(1), one(null)), 2));
    assertEquals(null, session(keepNulls, list(one(1)), null));
    assertEquals(list(1, 2), session(resolve("LATEST_BY_OFFSET", INT, 2, true), list(one(1), one(null)), 2));
    assertEquals(list(null, 2), session(resolve("LATEST_BY_OFFSET", INT, 2, false), list(one(1), one(null)), 2));
    assertEquals(list(null, null), session(resolve("LATEST_BY_OFFSET", INT, 2, false), list(one(null), one(null)), null));
    // merging keeps the latest n of both windows, whichever side they are on
    var latest2 = resolve("LATEST_BY_OFFSET", INT, 2);
    Object older = accumulate(latest2, 1, 2);
    Object newer = accumulate(latest2, 3, 4);
    assertEquals(list(3, 4), latest2.aggregator().map(latest2.aggregator().merge(newer, older)));
    assertEquals(list(3, 4), latest2.aggregator().map(latest2.aggregator().merge(older, newer)));
  }

  @Test
  void sequenceNumbersOnlyGrow() {
    long a = OffsetAggregates.nextSequence(0);
    long b = OffsetAggregates.nextSequence(0);
    assertTrue(b > a);
    assertTrue(a >= System.currentTimeMillis() * 1000 - 60_000_000L);
    assertTrue(OffsetAggregates.nextSequence(b + 1_000_000) >= b + 1_000_000);
  }
}

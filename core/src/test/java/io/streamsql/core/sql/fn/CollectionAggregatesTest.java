package io.streamsql.core.sql.fn;

import static io.streamsql.core.sql.fn.AggregateTesting.accumulate;
import static io.streamsql.core.sql.fn.AggregateTesting.fold;
import static io.streamsql.core.sql.fn.AggregateTesting.list;
import static io.streamsql.core.sql.fn.AggregateTesting.merge;
import static io.streamsql.core.sql.fn.AggregateTesting.resolve;
import static io.streamsql.core.sql.fn.AggregateTesting.results;
import static io.streamsql.core.sql.fn.AggregateTesting.stored;
import static io.streamsql.core.sql.fn.AggregateTesting.undo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** COLLECT_LIST, COLLECT_SET, COUNT_DISTINCT, HISTOGRAM and ATTR. */
class CollectionAggregatesTest {
  private static final SqlType STRUCT = new SqlType.Struct(List.of(new SqlType.Field("A", SqlTypes.STRING), new SqlType.Field("B", SqlTypes.INT)));

  private static Map<String, Object> struct(String a, Integer b) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("A", a);
    s.put("B", b);
    return s;
  }

  @Test
  void collectListKeepsEveryValueNullsIncludedAndUndoesTheLastOccurrence() {
    var collect = resolve("COLLECT_LIST", List.of(SqlTypes.INT));
    assertEquals(new SqlType.Array(SqlTypes.INT), collect.returnType());
    assertEquals(list(1, null, 1, 2), fold(collect, 1, null, 1, 2));
    assertTrue(collect.overload().supportsTables());
    assertEquals(list(1, null, 2), collect.aggregator().map(undo(collect, 1, accumulate(collect, 1, null, 1, 2))));
    assertEquals(list(1, 2), collect.aggregator().map(undo(collect, 7, accumulate(collect, 1, 2))));
    assertEquals(list(1, 2, 3), collect.aggregator().map(merge(collect, accumulate(collect, 1, 2), accumulate(collect, 3))));
    var structs = resolve("COLLECT_LIST", List.of(STRUCT));
    assertEquals(list(struct("a", 1), struct(null, 2)), fold(structs, struct("a", 1), struct(null, 2)));
    var arrays = resolve("COLLECT_LIST", List.of(new SqlType.Array(SqlTypes.STRING)));
    assertEquals(list(list("a"), null), fold(arrays, list("a"), null));
  }

  @Test
  void collectListAndSetStopAtTheLimit() {
    var collect = resolve("COLLECT_LIST", List.of(SqlTypes.INT));
    Object[] many = IntStream.range(0, 1005).boxed().toArray();
    assertEquals(1000, ((List<?>) fold(collect, many)).size());
    var a = CollectAggregates.collectList(2);
    assertEquals(List.of(1, 2), a.map(a.merge(List.of(1), List.of(2, 3))));
    assertEquals(List.of(1, 2), a.map(a.aggregate(3, List.of(1, 2))));
    var set = CollectAggregates.collectSet(2);
    assertEquals(List.of(1, 2), set.merge(List.of(1), List.of(1, 2, 3)));
    var unlimited = CollectAggregates.collectList(-1);
    List<Object> acc = unlimited.initialize();
    for (Object v : many) acc = unlimited.aggregate(v, acc);
    assertEquals(1005, acc.size());
  }

  @Test
  void collectSetKeepsDistinctValuesInArrivalOrderForStreamsOnly() {
    var set = resolve("COLLECT_SET", List.of(SqlTypes.STRING));
    assertEquals(list(list("b"), list("b", "a"), list("b", "a"), list("b", "a", null), list("b", "a", null)),
        results(set, "b", "a", "b", null, null));
    assertFalse(set.overload().supportsTables());
    assertEquals(list("b", "a", "c"), set.aggregator().map(merge(set, accumulate(set, "b", "a"), accumulate(set, "a", "c"))));
    var maps = resolve("COLLECT_SET", List.of(new SqlType.Map(SqlTypes.STRING, SqlTypes.INT)));
    assertEquals(list(Map.of("k", 1)), fold(maps, Map.of("k", 1), new HashMap<>(Map.of("k", 1))));
  }

  @Test
  void countDistinctCountsDistinctNonNullValues() {
    // QTT "count distinct": one, two, one, two, null
    var count = resolve("COUNT_DISTINCT", List.of(SqlTypes.STRING));
    assertEquals(SqlTypes.BIGINT, count.returnType());
    assertEquals(new SqlType.Array(SqlTypes.STRING), count.aggregateType());
    assertEquals(list(1L, 2L, 2L, 2L, 2L), results(count, "one", "two", "one", "two", null));
    assertEquals(3L, count.aggregator().map(merge(count, accumulate(count, "a", "b"), accumulate(count, "b", "c"))));
    assertEquals(0L, fold(count));
    assertFalse(count.overload().supportsTables());
    assertEquals(2L, fold(resolve("COUNT_DISTINCT", List.of(SqlTypes.DOUBLE)), 1.0, 2.0, 1.0));
  }

  @Test
  void histogramCountsEachStringAndUndoes() {
    var histogram = resolve("HISTOGRAM", List.of(SqlTypes.STRING));
    assertEquals(new SqlType.Map(SqlTypes.STRING, SqlTypes.BIGINT), histogram.returnType());
    assertEquals(Map.of("a", 2L, "b", 1L), fold(histogram, "a", "b", "a"));
    assertTrue(histogram.overload().supportsTables());
    var a = histogram.aggregator();
    assertEquals(Map.of("a", 1L, "b", 1L), a.map(undo(histogram, "a", accumulate(histogram, "a", "b", "a"))));
    assertEquals(Map.of("a", 1L), a.map(undo(histogram, "b", accumulate(histogram, "a", "b"))));
    assertEquals(Map.of("a", 1L), a.map(undo(histogram, "z", accumulate(histogram, "a"))));
    assertEquals(Map.of("a", 3L, "c", 1L), a.map(merge(histogram, accumulate(histogram, "a", "a"), accumulate(histogram, "a", "c"))));
    Map<String, Long> withNull = new HashMap<>();
    withNull.put(null, 2L);
    withNull.put("x", 1L);
    assertEquals(withNull, a.map(a.aggregate(null, a.aggregate("x", a.aggregate(null, a.initialize())))));
  }

  @Test
  void histogramIgnoresNewValuesBeyondTheLimit() {
    var histogram = resolve("HISTOGRAM", List.of(SqlTypes.STRING));
    var a = histogram.aggregator();
    Object acc = a.initialize();
    for (int i = 0; i < 1001; i++) acc = a.aggregate("v" + i, acc);
    acc = a.aggregate("v0", stored(histogram, acc));
    @SuppressWarnings("unchecked")
    Map<String, Long> counts = (Map<String, Long>) a.map(acc);
    assertEquals(1000, counts.size());
    assertEquals(2L, counts.get("v0"));
    assertNull(counts.get("v1000"));
  }

  @Test
  void attrIsTheOnlyValueElseNull() {
    // QTT attr.json
    var attr = resolve("ATTR", List.of(SqlTypes.STRING));
    assertEquals(SqlTypes.STRING, attr.returnType());
    assertEquals("ARRAY<STRUCT<`VALUE` STRING, `COUNT` INTEGER>>", attr.aggregateType().sql());
    assertEquals(list("1", null, null), results(attr, "1", "2", "3"));
    assertEquals(list("1", null, null), results(attr, "1", null, "1"));
    assertEquals(list(null, null, null), results(attr, null, "2", "2"));
    assertEquals(list(null, null), results(attr, null, null));
    assertEquals(list(1, 2), fold(resolve("ATTR", List.of(new SqlType.Array(SqlTypes.INT))), list(1, 2), list(1, 2)));
    assertEquals(struct("a", 1), fold(resolve("ATTR", List.of(STRUCT)), struct("a", 1), struct("a", 1)));
    assertEquals(2.5, fold(resolve("ATTR", List.of(SqlTypes.DOUBLE)), 2.5, 2.5));
  }

  @Test
  void attrUndoesAndMerges() {
    // QTT "table attr with tombstones": k1 -> "1", k2 -> "1", k1 deleted, then another value
    var attr = resolve("ATTR", List.of(SqlTypes.STRING));
    assertTrue(attr.overload().supportsTables());
    var a = attr.aggregator();
    Object acc = accumulate(attr, "1", "1");
    acc = undo(attr, "1", acc);
    assertEquals("1", a.map(acc));
    acc = stored(attr, a.aggregate("2", acc));
    assertNull(a.map(acc));
    acc = undo(attr, "1", acc);
    assertEquals("2", a.map(acc));
    assertEquals("2", a.map(undo(attr, "9", acc)));
    assertEquals("x", a.map(merge(attr, accumulate(attr, "x"), accumulate(attr, "x", "x"))));
    assertNull(a.map(merge(attr, accumulate(attr, "x"), accumulate(attr, "y"))));
  }
}

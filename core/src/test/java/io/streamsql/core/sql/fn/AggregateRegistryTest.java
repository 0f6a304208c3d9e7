package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateRegistryTest {
  private final AggregateRegistry registry = AggregateRegistry.standard();

  private static Object fold(Aggregator<Object, Object, Object> a, Object... values) {
    Object acc = a.initialize();
    for (Object v : values) acc = a.aggregate(v, acc);
    return a.map(acc);
  }

  @Test
  void sumKeepsTheArgumentTypeSkipsNullsAndUndoes() {
    var sumInt = registry.resolve("sum", List.of(SqlTypes.INT), List.of());
    assertEquals(SqlTypes.INT, sumInt.returnType());
    assertEquals(6, fold(sumInt.aggregator(), 1, null, 5));
    assertEquals(0, fold(sumInt.aggregator()));
    var decimal = new SqlType.Decimal(4, 2);
    var sumDecimal = registry.resolve("SUM", List.of(decimal), List.of());
    assertEquals(decimal, sumDecimal.returnType());
    assertEquals(new BigDecimal("3.75"), fold(sumDecimal.aggregator(), new BigDecimal("1.25"), new BigDecimal("2.50")));
    assertTrue(sumInt.overload().supportsTables());
    var table = (TableAggregator<Object, Object, Object>) sumInt.aggregator();
    assertEquals(4, table.map(table.undo(2, table.aggregate(2, table.aggregate(4, table.initialize())))));
  }

  @Test
  void countCountsNonNullValuesAndMerges() {
    var count = registry.resolve("COUNT", List.of(SqlTypes.STRING), List.of());
    assertEquals(SqlTypes.BIGINT, count.returnType());
    assertEquals(2L, fold(count.aggregator(), "a", null, "b"));
    assertEquals(5L, count.aggregator().merge(2L, 3L));
  }

  @Test
  void minAndMaxSkipNullsAndCannotUndo() {
    var max = registry.resolve("MAX", List.of(SqlTypes.STRING), List.of());
    assertEquals(SqlTypes.STRING, max.returnType());
    assertEquals("b", fold(max.aggregator(), "a", null, "b"));
    assertNull(fold(max.aggregator(), (Object) null));
    var min = registry.resolve("MIN", List.of(SqlTypes.BIGINT), List.of());
    assertEquals(-3L, fold(min.aggregator(), 4L, -3L, 7L));
    assertFalse(min.overload().supportsTables());
  }

  @Test
  void argumentsMustMatchAnOverloadWithoutWidening() {
    assertNull(registry.resolve("SUM", List.of(SqlTypes.STRING), List.of()));
    assertNull(registry.resolve("MAX", List.of(new SqlType.Array(SqlTypes.INT)), List.of()));
    assertNull(registry.resolve("NO_SUCH", List.of(SqlTypes.INT), List.of()));
    assertTrue(registry.exists("count"));
  }

  @Test
  void initialArgumentsPickTheOverloadByTheirJavaTypes() {
    var byCount = registry.resolve("LATEST_BY_OFFSET", List.of(SqlTypes.INT), List.of(2));
    assertEquals(new SqlType.Array(SqlTypes.INT), byCount.returnType());
    var byFlag = registry.resolve("LATEST_BY_OFFSET", List.of(SqlTypes.INT), List.of(false));
    assertEquals(SqlTypes.INT, byFlag.returnType());
    assertEquals(new SqlType.Array(SqlTypes.INT), registry.resolve("LATEST_BY_OFFSET", List.of(SqlTypes.INT), List.of(2, true)).returnType());
    assertNull(registry.resolve("LATEST_BY_OFFSET", List.of(SqlTypes.INT), List.of(true, 2)));
    assertNull(registry.resolve("TOPK", List.of(SqlTypes.INT), java.util.Arrays.asList((Object) null)));
  }

  @Test
  void everyOverloadIsDescribed() {
    for (var overloads : registry.all().values()) {
      for (var o : overloads) assertFalse(o.description().isBlank(), o.name());
    }
    for (String name : List.of("AVG", "ATTR", "COLLECT_LIST", "COLLECT_SET", "CORRELATION", "COUNT_DISTINCT", "EARLIEST_BY_OFFSET",
        "HISTOGRAM", "LATEST_BY_OFFSET", "STDDEV_SAMP", "STDDEV_SAMPLE", "TOPK", "TOPKDISTINCT")) {
      assertTrue(registry.exists(name), name);
    }
  }
}

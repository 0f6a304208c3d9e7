package io.streamsql.core.sql.fn;

import static io.streamsql.core.sql.fn.AggregateTesting.accumulate;
import static io.streamsql.core.sql.fn.AggregateTesting.list;
import static io.streamsql.core.sql.fn.AggregateTesting.merge;
import static io.streamsql.core.sql.fn.AggregateTesting.resolve;
import static io.streamsql.core.sql.fn.AggregateTesting.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TOPK and TOPKDISTINCT, with ksqlDB's QTT cases. */
class TopkAggregatesTest {
  @Test
  void topkKeepsTheKLargestWithRepeats() {
    var topk = resolve("TOPK", List.of(SqlTypes.DOUBLE), 2);
    assertEquals(new SqlType.Array(SqlTypes.DOUBLE), topk.returnType());
    assertEquals(list(list(0.0), list(100.0, 0.0), list(100.0, 10.0), list(100.0, 10.0), list(100.0, 100.0)),
        results(topk, 0.0, 100.0, 10.0, null, 100.0));
    assertEquals(list(list("b", "a")), results(resolve("TOPK", List.of(SqlTypes.STRING), 3), list("b", "a").toArray()).subList(1, 2));
    assertFalse(topk.overload().supportsTables());
  }

  @Test
  void topkDistinctKeepsEachValueOnce() {
    var ints = resolve("TOPKDISTINCT", List.of(SqlTypes.INT), 3);
    assertEquals(list(list(0), list(100, 0), list(100, 99, 0), list(100, 99, 7), list(100, 99, 7)), results(ints, 0, 100, 99, 7, 100));
    var strings = resolve("TOPKDISTINCT", List.of(SqlTypes.STRING), 3);
    assertEquals(list("d", "c", "b"), AggregateTesting.fold(strings, "a", "b", "c", "b", "d"));
    var decimal = new SqlType.Decimal(2, 1);
    var decimals = resolve("TOPKDISTINCT", List.of(decimal), 3);
    assertEquals(new SqlType.Array(decimal), decimals.returnType());
    assertEquals(list(new BigDecimal("9.9"), new BigDecimal("9.8"), new BigDecimal("8.9")), AggregateTesting.fold(decimals,
        new BigDecimal("9.8"), new BigDecimal("8.9"), null, new BigDecimal("7.8"), new BigDecimal("6.5"), new BigDecimal("9.9")));
    var dates = resolve("TOPKDISTINCT", List.of(SqlTypes.DATE), 3);
    assertEquals(list(LocalDate.ofEpochDay(100), LocalDate.ofEpochDay(99), LocalDate.ofEpochDay(0)), AggregateTesting.fold(dates,
        LocalDate.ofEpochDay(0), LocalDate.ofEpochDay(100), LocalDate.ofEpochDay(99), null, LocalDate.ofEpochDay(-7), LocalDate.ofEpochDay(100)));
    var bytes = resolve("TOPKDISTINCT", List.of(SqlTypes.BYTES), 3);
    assertEquals(list(b("Rw=="), b("Rg=="), b("Qg==")), AggregateTesting.fold(bytes, b("Qg=="), b("Rg=="), b("Rw=="), null, b("QQ=="), b("Rg==")));
    // TOPK has no BYTES or DECIMAL overload in ksqlDB
    assertNull(AggregateTesting.REGISTRY.resolve("TOPK", List.of(SqlTypes.BYTES), List.of(3)));
  }

  private static ByteBuffer b(String base64) {
    return ByteBuffer.wrap(Base64.getDecoder().decode(base64));
  }

  @Test
  void mergeInterleavesTheTwoSortedLists() {
    var topk = resolve("TOPK", List.of(SqlTypes.INT), 3);
    assertEquals(list(9, 9, 5), topk.aggregator().map(merge(topk, accumulate(topk, 9, 1), accumulate(topk, 9, 5, 4))));
    assertEquals(list(2), topk.aggregator().map(merge(topk, accumulate(topk), accumulate(topk, 2))));
    var distinct = resolve("TOPKDISTINCT", List.of(SqlTypes.INT), 3);
    assertEquals(list(9, 5, 4), distinct.aggregator().map(merge(distinct, accumulate(distinct, 9, 1), accumulate(distinct, 9, 5, 4))));
  }

  @Test
  void kMustBePositiveAndAnInt() {
    assertThrows(IllegalArgumentException.class, () -> resolve("TOPK", List.of(SqlTypes.INT), 0));
    assertNull(AggregateTesting.REGISTRY.resolve("TOPK", List.of(SqlTypes.INT), List.of("2")));
    assertNull(AggregateTesting.REGISTRY.resolve("TOPK", List.of(SqlTypes.INT), List.of()));
  }
}

package io.streamsql.core.sql.fn;

import static io.streamsql.core.sql.fn.AggregateTesting.accumulate;
import static io.streamsql.core.sql.fn.AggregateTesting.fold;
import static io.streamsql.core.sql.fn.AggregateTesting.list;
import static io.streamsql.core.sql.fn.AggregateTesting.merge;
import static io.streamsql.core.sql.fn.AggregateTesting.resolve;
import static io.streamsql.core.sql.fn.AggregateTesting.results;
import static io.streamsql.core.sql.fn.AggregateTesting.undo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AVG, STDDEV_SAMPLE, STDDEV_SAMP and CORRELATION, with ksqlDB's QTT numbers. */
class NumericAggregatesTest {
  @Test
  void avgIsADoubleOfTheNonNullValuesAndZeroForNone() {
    var avg = resolve("AVG", List.of(SqlTypes.INT));
    assertEquals(SqlTypes.DOUBLE, avg.returnType());
    assertEquals("STRUCT<`SUM` INTEGER, `COUNT` BIGINT>", avg.aggregateType().sql());
    assertEquals(list(1.0, 1.5, 1.6666666666666667, 1.6666666666666667), results(avg, 1, 2, 2, null));
    assertEquals(0.0, fold(avg));
    assertEquals(2.5, fold(resolve("AVG", List.of(SqlTypes.BIGINT)), 2L, 3L));
    assertEquals(0.25, fold(resolve("AVG", List.of(SqlTypes.DOUBLE)), 0.5, 0.0));
    assertNull(AggregateTesting.REGISTRY.resolve("AVG", List.of(new SqlType.Decimal(4, 2)), List.of()));
  }

  @Test
  void avgUndoesAndMerges() {
    // QTT "average udaf with table": alice 1, bob 2, alice null, alice 4
    var avg = resolve("AVG", List.of(SqlTypes.INT));
    assertTrue(avg.overload().supportsTables());
    var a = avg.aggregator();
    Object acc = accumulate(avg, 1, 2);
    assertEquals(1.5, a.map(acc));
    acc = AggregateTesting.stored(avg, a.aggregate(null, undo(avg, 1, acc)));
    assertEquals(2.0, a.map(acc));
    acc = AggregateTesting.stored(avg, a.aggregate(4, undo(avg, null, acc)));
    assertEquals(3.0, a.map(acc));
    assertEquals(2.0, a.map(merge(avg, accumulate(avg, 1, 2), accumulate(avg, 3))));
  }

  @Test
  void stddevSampleMatchesKsqlDb() {
    var ints = resolve("STDDEV_SAMPLE", List.of(SqlTypes.INT));
    assertEquals(list(0.0, 7.0710678118654755, 5.131601439446884, 4.193248541803041), results(ints, 0, 10, 7, 6));
    assertEquals(list(0.0, 28.284271247461902, 25.357444666211933, 25.357444666211933), results(ints, 50, 10, 3, null));
    var longs = resolve("STDDEV_SAMPLE", List.of(SqlTypes.BIGINT));
    assertEquals(list(0.0, 1.5185001792773468E9, 1.2398502339629574E9, 1.2398502339629574E9), results(longs, 2147483648L, 100L, -2L, null));
    var doubles = resolve("STDDEV_SAMPLE", List.of(SqlTypes.DOUBLE));
    assertEquals(list(0.0, 2.899137802864845, 57.74256084841869), results(doubles, -1.8, 2.3, 100.2));
    assertEquals(list(0.0, 6521908912453.693, 5325116385962.54, 4611686051710.689), results(doubles, 9223372036854.775, 300.8, -200000.6, 0.0));
  }

  @Test
  void stddevSampIsKsqlDbsVariance() {
    var samp = resolve("STDDEV_SAMP", List.of(SqlTypes.INT));
    assertEquals("STRUCT<`SUM` INTEGER, `COUNT` BIGINT, `M2` DOUBLE>", samp.aggregateType().sql());
    assertEquals(list(0.0, 50.0), results(samp, 0, 10));
    assertEquals(Math.pow(4.193248541803041, 2), (Double) fold(samp, 0, 10, 7, 6), 1e-9);
    assertEquals(0.0, fold(resolve("STDDEV_SAMP", List.of(SqlTypes.DOUBLE)), 3.5));
  }

  @Test
  void stddevUndoesAndMerges() {
    var sd = resolve("STDDEV_SAMPLE", List.of(SqlTypes.DOUBLE));
    assertTrue(sd.overload().supportsTables());
    var a = sd.aggregator();
    Object all = accumulate(sd, 1.0, 2.0, 4.0, 8.0);
    assertEquals((Double) fold(sd, 1.0, 2.0, 4.0), (Double) a.map(undo(sd, 8.0, all)), 1e-12);
    assertEquals((Double) a.map(all), (Double) a.map(merge(sd, accumulate(sd, 1.0, 2.0), accumulate(sd, 4.0, 8.0))), 1e-12);
    assertEquals(a.map(all), a.map(merge(sd, all, accumulate(sd))));
    assertEquals(0.0, a.map(undo(sd, 2.0, accumulate(sd, 1.0, 2.0))));
    // STDDEV_SAMP merges integer windows with integer means, as ksqlDB does: means 1 and 4 rather than 1.5 and 4
    var samp = resolve("STDDEV_SAMP", List.of(SqlTypes.INT));
    Object merged = merge(samp, accumulate(samp, 1, 2), accumulate(samp, 4));
    assertEquals((0.5 + 2 * 1 * 9.0 / 3) / 2, samp.aggregator().map(merged));
  }

  @Test
  void correlationTakesTwoColumnsAndSkipsRowsWithANull() {
    var corr = resolve("CORRELATION", List.of(SqlTypes.DOUBLE, SqlTypes.DOUBLE));
    assertEquals(SqlTypes.DOUBLE, corr.returnType());
    List<Object> out = results(corr, list(1.5, 8.0), list(-1.0, -2.0), list(-4.5, -1.0), list(null, -6.0));
    assertTrue(((Double) out.get(0)).isNaN());
    assertEquals(list(1.0, 0.7580764521133173, 0.7580764521133173), out.subList(1, 4));
    var ints = resolve("CORRELATION", List.of(SqlTypes.INT, SqlTypes.INT));
    assertEquals(-1.0, fold(ints, list(1, 3), list(2, 2), list(3, 1)));
    assertFalse(AggregateTesting.REGISTRY.resolve("CORRELATION", List.of(SqlTypes.INT, SqlTypes.DOUBLE), List.of()) != null);
  }

  @Test
  void correlationUndoesAndMerges() {
    // QTT "correlation udaf with table": alice (1.5, 8), bob (-3.5, -2), alice (-1, -2), charlie (-4.5, -1)
    var corr = resolve("CORRELATION", List.of(SqlTypes.DOUBLE, SqlTypes.DOUBLE));
    var a = corr.aggregator();
    Object acc = accumulate(corr, list(1.5, 8.0), list(-3.5, -2.0));
    assertEquals(1.0, a.map(acc));
    acc = AggregateTesting.stored(corr, a.aggregate(list(-1.0, -2.0), undo(corr, list(1.5, 8.0), acc)));
    assertTrue(((Double) a.map(acc)).isNaN());
    acc = AggregateTesting.stored(corr, a.aggregate(list(-4.5, -1.0), acc));
    assertEquals(-0.7205766921228921, a.map(acc));
    Object merged = merge(corr, accumulate(corr, list(-3.5, -2.0)), accumulate(corr, list(-1.0, -2.0), list(-4.5, -1.0)));
    assertEquals(-0.7205766921228921, (Double) a.map(merged), 1e-12);
  }
}

package io.streamsql.cluster.sql.qtt.functions;

import io.streamsql.core.sql.fn.Udtf;
import io.streamsql.core.sql.fn.UdfParam;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * ksqlDB's TEST_UDTF: overloads over each parameter type (plain, in arrays, in maps) that return
 * their arguments as text, and one-argument overloads that return their argument, to check
 * parameter and result typing of table functions.
 */
public final class TestUdtf {
  private TestUdtf() {}

  @Udtf(name = "TEST_UDTF", description = "test")
  public static List<String> standardParams(Integer i, Long l, Double d, Boolean b, String s, @UdfParam("DECIMAL") BigDecimal bd,
      @UdfParam("STRUCT<A STRING>") Map<String, Object> struct) {
    return List.of(String.valueOf(i), String.valueOf(l), String.valueOf(d), String.valueOf(b), s, bd.toString(),
        ConnectStructText.of(struct));
  }

  @Udtf(name = "TEST_UDTF", description = "test")
  public static List<String> parameterizedListParams(@UdfParam("ARRAY<INT>") List<Integer> i, @UdfParam("ARRAY<BIGINT>") List<Long> l,
      @UdfParam("ARRAY<DOUBLE>") List<Double> d, @UdfParam("ARRAY<BOOLEAN>") List<Boolean> b, @UdfParam("ARRAY<STRING>") List<String> s,
      @UdfParam("ARRAY<DECIMAL>") List<BigDecimal> bd, @UdfParam("ARRAY<STRUCT<A STRING>>") List<Map<String, Object>> struct) {
    return List.of(String.valueOf(i.get(0)), String.valueOf(l.get(0)), String.valueOf(d.get(0)), String.valueOf(b.get(0)), s.get(0),
        bd.get(0).toString(), ConnectStructText.of(struct.get(0)));
  }

  @Udtf(name = "TEST_UDTF", description = "test")
  public static List<String> parameterizedMapParams(@UdfParam("MAP<STRING, INT>") Map<String, Integer> i,
      @UdfParam("MAP<STRING, BIGINT>") Map<String, Long> l, @UdfParam("MAP<STRING, DOUBLE>") Map<String, Double> d,
      @UdfParam("MAP<STRING, BOOLEAN>") Map<String, Boolean> b, @UdfParam("MAP<STRING, STRING>") Map<String, String> s,
      @UdfParam("MAP<STRING, DECIMAL>") Map<String, BigDecimal> bd,
      @UdfParam("MAP<STRING, STRUCT<A STRING>>") Map<String, Map<String, Object>> struct) {
    return mapValues(i, l, d, b, s, bd, struct);
  }

  @Udtf(name = "TEST_UDTF", description = "test")
  public static List<String> parameterizedMapParams2(@UdfParam("MAP<BIGINT, INT>") Map<Long, Integer> i,
      @UdfParam("MAP<STRING, BIGINT>") Map<String, Long> l, @UdfParam("MAP<STRING, DOUBLE>") Map<String, Double> d,
      @UdfParam("MAP<STRING, BOOLEAN>") Map<String, Boolean> b, @UdfParam("MAP<STRING, STRING>") Map<String, String> s,
      @UdfParam("MAP<STRING, DECIMAL>") Map<String, BigDecimal> bd,
      @UdfParam("MAP<STRING, STRUCT<A STRING>>") Map<String, Map<String, Object>> struct) {
    return mapValues(i, l, d, b, s, bd, struct);
  }

  private static List<String> mapValues(Map<?, Integer> i, Map<String, Long> l, Map<String, Double> d, Map<String, Boolean> b,
      Map<String, String> s, Map<String, BigDecimal> bd, Map<String, Map<String, Object>> struct) {
    return List.of(String.valueOf(first(i)), String.valueOf(first(l)), String.valueOf(first(d)), String.valueOf(first(b)), first(s),
        first(bd).toString(), ConnectStructText.of(first(struct)));
  }

  private static <V> V first(Map<?, V> map) {
    return map.values().iterator().next();
  }

  @Udtf(name = "TEST_UDTF", description = "test")
  public static List<Integer> listIntegerReturn(Integer i) {
    return Collections.singletonList(i);
  }

  @Udtf(name = "TEST_UDTF", description = "test")
  public static List<Long> listLongReturn(Long l) {
    return Collections.singletonList(l);
  }

  @Udtf(name = "TEST_UDTF", description = "test")
  public static List<Double> listDoubleReturn(Double d) {
    return Collections.singletonList(d);
  }

  @Udtf(name = "TEST_UDTF", description = "test")
  public static List<Boolean> listBooleanReturn(Boolean b) {
    return Collections.singletonList(b);
  }

  @Udtf(name = "TEST_UDTF", description = "test")
  public static List<String> listStringReturn(String s) {
    return Collections.singletonList(s);
  }

  /** ksqlDB gives this overload's result DECIMAL(30, 10) through a schema provider. */
  @Udtf(name = "TEST_UDTF", description = "test", returns = "DECIMAL(30, 10)")
  public static List<BigDecimal> listBigDecimalReturnWithSchemaProvider(@UdfParam("DECIMAL") BigDecimal bd) {
    return Collections.singletonList(bd);
  }

  @Udtf(name = "TEST_UDTF", description = "test", returns = "STRUCT<A STRING>")
  public static List<Map<String, Object>> listStructReturn(@UdfParam("STRUCT<A STRING>") Map<String, Object> struct) {
    return Collections.singletonList(struct);
  }
}

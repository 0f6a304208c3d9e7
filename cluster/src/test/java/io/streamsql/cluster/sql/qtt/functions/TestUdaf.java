package io.streamsql.cluster.sql.qtt.functions;

import io.streamsql.core.sql.fn.Aggregator;
import io.streamsql.core.sql.fn.TableAggregator;
import io.streamsql.core.sql.fn.Udaf;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ksqlDB's TEST_UDAF: sums of BIGINT, INT (both undoable, so tables can be aggregated), DOUBLE,
 * the lengths of strings starting at an initial string's length, and a STRUCT<A INT, B INT> summed
 * field by field. A null value adds nothing.
 */
public final class TestUdaf {
  private TestUdaf() {}

  @Udaf(name = "TEST_UDAF", description = "sums longs", params = {"BIGINT"}, returns = "BIGINT")
  public static TableAggregator<Long, Long, Long> sumLong() {
    return new LongSum<>();
  }

  @Udaf(name = "TEST_UDAF", description = "sums int", params = {"INT"}, returns = "BIGINT")
  public static TableAggregator<Integer, Long, Long> sumInt() {
    return new LongSum<>();
  }

  @Udaf(name = "TEST_UDAF", description = "sums double", params = {"DOUBLE"}, returns = "DOUBLE")
  public static Aggregator<Double, Double, Double> sumDouble() {
    return new Aggregator<>() {
      @Override
      public Double initialize() {
        return 0.0;
      }

      @Override
      public Double aggregate(Double value, Double acc) {
        return value == null ? acc : acc + value;
      }

      @Override
      public Double merge(Double left, Double right) {
        return left + right;
      }

      @Override
      public Double map(Double acc) {
        return acc;
      }
    };
  }

  @Udaf(name = "TEST_UDAF", description = "sums the length of strings", params = {"STRING"}, returns = "BIGINT")
  public static Aggregator<String, Long, Long> sumLengthString(String initialString) {
    long start = initialString.length();
    return new Aggregator<>() {
      @Override
      public Long initialize() {
        return start;
      }

      @Override
      public Long aggregate(String value, Long acc) {
        return value == null ? acc : acc + value.length();
      }

      @Override
      public Long merge(Long left, Long right) {
        return left + right;
      }

      @Override
      public Long map(Long acc) {
        return acc;
      }
    };
  }

  @Udaf(name = "TEST_UDAF", description = "returns a struct with {SUM(in->A), SUM(in->B)}", params = {"STRUCT<A INT, B INT>"},
      returns = "STRUCT<A INT, B INT>", aggregate = "STRUCT<A INT, B INT>")
  public static Aggregator<Map<String, Object>, Map<String, Object>, Map<String, Object>> sumStruct() {
    return new Aggregator<>() {
      @Override
      public Map<String, Object> initialize() {
        return struct(0, 0);
      }

      @Override
      public Map<String, Object> aggregate(Map<String, Object> value, Map<String, Object> acc) {
        return value == null ? acc : merge(value, acc);
      }

      @Override
      public Map<String, Object> merge(Map<String, Object> left, Map<String, Object> right) {
        return struct(field(left, "A") + field(right, "A"), field(left, "B") + field(right, "B"));
      }

      @Override
      public Map<String, Object> map(Map<String, Object> acc) {
        return acc;
      }
    };
  }

  private static int field(Map<String, Object> struct, String name) {
    Object v = struct.get(name);
    return v == null ? 0 : ((Number) v).intValue();
  }

  private static Map<String, Object> struct(int a, int b) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("A", a);
    s.put("B", b);
    return s;
  }

  /** A BIGINT sum of integral values that can take a value back out. */
  private static final class LongSum<I extends Number> implements TableAggregator<I, Long, Long> {
    @Override
    public Long initialize() {
      return 0L;
    }

    @Override
    public Long aggregate(I value, Long acc) {
      return value == null ? acc : acc + value.longValue();
    }

    @Override
    public Long undo(I value, Long acc) {
      return value == null ? acc : acc - value.longValue();
    }

    @Override
    public Long merge(Long left, Long right) {
      return left + right;
    }

    @Override
    public Long map(Long acc) {
      return acc;
    }
  }
}

package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** User aggregate libraries, variadic column parameters and variadic initial arguments. */
class AggregateLibraryTest {
  /** Sums a long column plus the lengths of any number of string columns; the initial arguments add a constant. */
  public static final class Lengths {
    private Lengths() {}

    @Udaf(name = "lengths", description = "BIGINT plus the lengths of the strings.", params = {"BIGINT", "STRING..."}, returns = "BIGINT")
    public static Aggregator<List<Object>, Long, Long> lengths() {
      return sum(0);
    }

    @Udaf(name = "lengths", description = "Starting at first plus the lengths of rest.", params = {"BIGINT", "STRING..."}, returns = "BIGINT")
    public static Aggregator<List<Object>, Long, Long> lengths(int first, String... rest) {
      long start = first;
      for (String s : rest) start += s.length();
      return sum(start);
    }

    private static Aggregator<List<Object>, Long, Long> sum(long start) {
      return new Aggregator<>() {
        @Override
        public Long initialize() {
          return start;
        }

        @Override
        public Long aggregate(List<Object> value, Long acc) {
          long sum = acc + (value.get(0) == null ? 0 : (Long) value.get(0));
          for (Object s : value.subList(1, value.size())) sum += s == null ? 0 : ((String) s).length();
          return sum;
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

    /** The first column's values, whatever the types of the others. */
    @Udaf(name = "firsts", description = "The first column.", params = {"T", "ANY..."}, returns = "ARRAY<T>")
    public static Aggregator<List<Object>, List<Object>, List<Object>> firsts() {
      return new Aggregator<>() {
        @Override
        public List<Object> initialize() {
          return List.of();
        }

        @Override
        public List<Object> aggregate(List<Object> value, List<Object> acc) {
          List<Object> next = new ArrayList<>(acc);
          next.add(value.get(0));
          return next;
        }

        @Override
        public List<Object> merge(List<Object> left, List<Object> right) {
          List<Object> next = new ArrayList<>(left);
          next.addAll(right);
          return next;
        }

        @Override
        public List<Object> map(List<Object> acc) {
          return acc;
        }
      };
    }

    /** The same type for every variadic argument. */
    @Udaf(name = "same_typed", description = "T, then any number of U.", params = {"T", "U..."}, returns = "ARRAY<U>")
    public static Aggregator<List<Object>, List<Object>, List<Object>> sameTyped() {
      return firsts();
    }
  }

  public static final class ShadowsCount {
    private ShadowsCount() {}

    @Udaf(name = "count", description = "Not the real one.", params = {"BIGINT"}, returns = "BIGINT")
    public static Aggregator<Long, Long, Long> count() {
      return null;
    }
  }

  public static final class ShadowsUcase {
    private ShadowsUcase() {}

    @Udaf(name = "ucase", description = "Not the real one.", params = {"STRING..."}, returns = "BIGINT")
    public static Aggregator<List<Object>, Long, Long> ucase() {
      return Lengths.sum(0);
    }
  }

  public static final class Greet {
    private Greet() {}

    @Udf(name = "lengths", description = "A scalar LENGTHS.")
    public static Long lengths(String s) {
      return s == null ? null : (long) s.length();
    }
  }

  public static final class BadVariadic {
    private BadVariadic() {}

    @Udaf(name = "bad_variadic", description = "Variadic, then fixed.", params = {"STRING...", "BIGINT"}, returns = "BIGINT")
    public static Aggregator<List<Object>, Long, Long> bad() {
      return Lengths.sum(0);
    }
  }

  private static FunctionLibrary library(String name, List<Class<?>> functions, List<Class<?>> aggregates) {
    return new FunctionLibrary() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Class<?>> functionClasses() {
        return functions;
      }

      @Override
      public List<Class<?>> aggregateClasses() {
        return aggregates;
      }
    };
  }

  private static final AggregateRegistry REGISTRY =
      AggregateRegistry.withLibraries(List.of(library("lengths-udafs", List.of(), List.of(Lengths.class))));

  @SuppressWarnings("unchecked")
  private static Object fold(AggregateRegistry.Resolved r, Object... values) {
    Aggregator<Object, Object, Object> a = r.aggregator();
    Object acc = a.initialize();
    for (Object v : values) acc = a.aggregate(v, acc);
    return a.map(acc);
  }

  @Test
  void aLibraryAddsItsAggregatesBesideTheBuiltIns() {
    assertTrue(REGISTRY.exists("LENGTHS"));
    assertTrue(REGISTRY.exists("COUNT"));
    assertTrue(REGISTRY.exists("TOPK"));
    assertEquals(AggregateRegistry.builtIn().all().keySet().size() + 3, REGISTRY.all().size());
  }

  @Test
  void theStandardRegistryHasNoLibraryOnCoresClasspath() {
    assertEquals(AggregateRegistry.builtIn().all().keySet(), AggregateRegistry.standard().all().keySet());
  }

  @Test
  void aVariadicColumnParameterTakesZeroOrMoreArgumentsOfItsType() {
    AggregateRegistry.Resolved none = REGISTRY.resolve("lengths", List.of(SqlTypes.BIGINT), List.of());
    assertNotNull(none);
    assertEquals(SqlTypes.BIGINT, none.returnType());
    // A single column still arrives as a list: the aggregate cannot tell how many it was called with otherwise.
    assertEquals(11L, fold(none, 5L, 6L));
    AggregateRegistry.Resolved three = REGISTRY.resolve("LENGTHS", List.of(SqlTypes.BIGINT, SqlTypes.STRING, SqlTypes.STRING), List.of());
    assertEquals(7L, fold(three, List.of(1L, "ab", "cde"), java.util.Arrays.asList(null, "x", null)));
    assertNull(REGISTRY.resolve("LENGTHS", List.of(SqlTypes.STRING, SqlTypes.STRING), List.of()));
    assertNull(REGISTRY.resolve("LENGTHS", List.of(SqlTypes.BIGINT, SqlTypes.INT), List.of()));
    assertNull(REGISTRY.resolve("LENGTHS", List.of(), List.of()));
  }

  @Test
  void aVarargsFactoryTakesVariadicInitialArguments() {
    List<SqlType> columns = List.of(SqlTypes.BIGINT, SqlTypes.STRING);
    assertEquals(7L + 5, fold(REGISTRY.resolve("LENGTHS", columns, List.of(5)), List.of(5L, "ab")));
    assertEquals(5L + 2 + 3 + 7, fold(REGISTRY.resolve("LENGTHS", columns, List.of(5, "ab", "cde")), List.of(5L, "ab")));
    assertNull(REGISTRY.resolve("LENGTHS", columns, List.of("ab")));
    assertNull(REGISTRY.resolve("LENGTHS", columns, List.of(5, 6)));
  }

  @Test
  void aVariadicTypeVariableBindsOneTypeAndAnyTakesEveryType() {
    assertNull(REGISTRY.resolve("SAME_TYPED", List.of(SqlTypes.INT, SqlTypes.DOUBLE, SqlTypes.STRING), List.of()));
    assertEquals(new SqlType.Array(SqlTypes.DOUBLE),
        REGISTRY.resolve("SAME_TYPED", List.of(SqlTypes.INT, SqlTypes.DOUBLE, SqlTypes.DOUBLE), List.of()).returnType());
    AggregateRegistry.Resolved any = REGISTRY.resolve("FIRSTS",
        List.of(SqlTypes.INT, SqlTypes.DOUBLE, SqlTypes.STRING, new SqlType.Array(SqlTypes.BIGINT)), List.of());
    assertEquals(new SqlType.Array(SqlTypes.INT), any.returnType());
    assertEquals(List.of(1, 2), fold(any, List.of(1, 1.5, "a", List.of()), List.of(2, 0.5, "b", List.of(3L))));
    assertInstanceOf(List.class, fold(REGISTRY.resolve("FIRSTS", List.of(SqlTypes.STRING), List.of()), "x"));
    assertEquals(List.of("x"), fold(REGISTRY.resolve("FIRSTS", List.of(SqlTypes.STRING), List.of()), "x"));
  }

  @Test
  void onlyTheLastColumnParameterCanBeVariadic() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new AggregateRegistry(List.of(BadVariadic.class)));
    assertTrue(e.getMessage().contains("only the last column parameter can be variadic"), e.getMessage());
  }

  @Test
  void aLibraryAggregateCannotReplaceABuiltInAggregateOrScalarFunction() {
    for (var c : List.of(new Object[] {ShadowsCount.class, "COUNT"}, new Object[] {ShadowsUcase.class, "UCASE"})) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> AggregateRegistry.withLibraries(List.of(library("acme-udafs", List.of(), List.of((Class<?>) c[0])))));
      assertEquals("Function library acme-udafs declares " + c[1] + ", which is the name of a built-in function; user functions "
          + "may not replace built-ins: rename it", e.getMessage());
    }
  }

  @Test
  void twoLibrariesCannotDeclareTheSameAggregate() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> AggregateRegistry.withLibraries(
        List.of(library("first", List.of(), List.of(Lengths.class)), library("second", List.of(), List.of(Lengths.class)))));
    assertTrue(e.getMessage().startsWith("Function "), e.getMessage());
    assertTrue(e.getMessage().contains("is declared by two function libraries, first and second"), e.getMessage());
  }

  @Test
  void anAggregateAndAScalarFunctionOfLibrariesCannotShareAName() {
    List<FunctionLibrary> libraries =
        List.of(library("scalars", List.of(Greet.class), List.of()), library("aggregates", List.of(), List.of(Lengths.class)));
    String expected = "Function LENGTHS is declared as an aggregate by function library aggregates and as a scalar or table function by "
        + "scalars; a call could not tell which one is meant: rename one of them";
    assertEquals(expected, assertThrows(IllegalStateException.class, () -> AggregateRegistry.withLibraries(libraries)).getMessage());
    assertEquals(expected, assertThrows(IllegalStateException.class, () -> FunctionRegistry.withLibraries(libraries)).getMessage());
  }
}

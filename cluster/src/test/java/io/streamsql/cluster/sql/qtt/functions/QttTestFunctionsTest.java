package io.streamsql.cluster.sql.qtt.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.fn.FunctionRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test classpath's META-INF/services entry puts ksqlDB's test functions into the standard registry. */
class QttTestFunctionsTest {
  @Test
  void theStandardRegistryOfThisClasspathHasKsqlDbsTestFunctions() {
    FunctionRegistry standard = FunctionRegistry.standard();
    for (String scalar : List.of("TEST_UDF", "WHENCONDITION", "WHENRESULT", "BAD_UDF")) assertTrue(standard.exists(scalar), scalar);
    for (String table : List.of("TEST_UDTF", "THROWING_UDTF")) assertTrue(standard.isTableFunction(table), table);
    assertTrue(standard.exists("UCASE"));
  }

  @Test
  void theStandardAggregateRegistryOfThisClasspathHasKsqlDbsTestAggregates() {
    var standard = io.streamsql.core.sql.fn.AggregateRegistry.standard();
    for (String name : List.of("TEST_UDAF", "VAR_ARG", "MID_VAR_ARG", "MULTI_ARG", "FOUR_ARG", "FIVE_ARG", "GENERIC_VAR_ARG", "OBJ_COL_ARG")) {
      assertTrue(standard.exists(name), name);
    }
    assertTrue(standard.exists("COUNT"));
    var midVarArg = standard.resolve("MID_VAR_ARG", List.of(SqlTypes.BIGINT, SqlTypes.STRING), List.of(7, 3));
    Object acc = midVarArg.aggregator().aggregate(List.of(6L, "hi"), midVarArg.aggregator().initialize());
    assertEquals(18L, midVarArg.aggregator().map(acc));
  }

  @Test
  void overloadsResolveAsInKsqlDb() {
    FunctionRegistry standard = FunctionRegistry.standard();
    // An untyped NULL fits both (BIGINT, STRING) and BIGINT...: the fixed-arity overload wins.
    assertEquals("doStuffLongString", call(standard, List.of(SqlTypes.BIGINT, SqlTypes.NULL)));
    assertEquals("doStuffIntString", call(standard, List.of(SqlTypes.INT, SqlTypes.STRING)));
    assertEquals("doStuffLongVarargs", call(standard, List.of(SqlTypes.BIGINT, SqlTypes.BIGINT, SqlTypes.BIGINT, SqlTypes.BIGINT)));
    assertEquals("DECIMAL(30, 10)", standard.resolveTable("TEST_UDTF", List.of(new io.streamsql.core.sql.SqlType.Decimal(20, 10)))
        .returnType().sql());
  }

  private static String call(FunctionRegistry r, List<io.streamsql.core.sql.SqlType> types) throws AssertionError {
    try {
      return (String) r.resolve("TEST_UDF", types).signature().handle().invoke(new Object[types.size() > 3 ? 1 : types.size()]);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }
}

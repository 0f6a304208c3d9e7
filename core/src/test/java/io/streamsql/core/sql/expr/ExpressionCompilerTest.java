package io.streamsql.core.sql.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.fn.FunctionRegistry;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ksqlDB's expression semantics: types, nulls, overflow, decimals, lambdas. */
class ExpressionCompilerTest {
  private static final ExpressionCompiler COMPILER = new ExpressionCompiler(FunctionRegistry.standard());

  /** Columns I INT, L BIGINT, D DECIMAL(4,2), S STRING, A ARRAY<INT>, N INT (null in every row). */
  private static CompiledExpr compile(String expression) {
    var query = (StreamSqlParser.QueryStatementContext) SqlParser.parse("SELECT " + expression + " FROM T").get(0).tree();
    var item = (StreamSqlParser.SelectSingleContext) query.query().selectItem(0);
    Map<String, Scope.Slot> slots = new LinkedHashMap<>();
    slots.put("I", new Scope.Slot(0, SqlTypes.INT));
    slots.put("L", new Scope.Slot(1, SqlTypes.BIGINT));
    slots.put("D", new Scope.Slot(2, new SqlType.Decimal(4, 2)));
    slots.put("S", new Scope.Slot(3, SqlTypes.STRING));
    slots.put("A", new Scope.Slot(4, new SqlType.Array(SqlTypes.INT)));
    slots.put("N", new Scope.Slot(5, SqlTypes.INT));
    return COMPILER.compile(item.expression(), Scope.ofColumns(slots, List.of("T"), 6));
  }

  private static Object eval(String expression) {
    Object[] row = Arrays.copyOf(new Object[] {Integer.MAX_VALUE, 10L, new BigDecimal("1.50"), "abc", Arrays.asList(1, null, 3), null}, 16);
    return compile(expression).eval().eval(row);
  }

  @Test
  void aStringLiteralAmongNumbersIsConvertedWhenPlannedOrRefused() {
    // ksqlDB's create_array.json "construct a list from incompatible mismatching elements".
    assertEquals("invalid input syntax for type INTEGER: \"not a number\"",
        assertThrows(StreamSqlException.class, () -> compile("ARRAY[1, 'not a number']")).getMessage());
    assertEquals(List.of(1, 2), eval("ARRAY[1, '2']"));
    assertEquals("invalid input syntax for type INTEGER: \"x\"",
        assertThrows(StreamSqlException.class, () -> compile("MAP('a' := 1, 'b' := 'x')")).getMessage());
  }

  @Test
  void structsWithDifferentFieldsMeetInOneArrayAsKsqlDbCoercesThem() {
    // ksqlDB's create_array.json "construct a list from compatible mismatching struct elements".
    CompiledExpr e = compile("ARRAY[null, STRUCT(x := I, y := L), STRUCT(y := I, z := L)]");
    assertEquals("ARRAY<STRUCT<`X` INTEGER, `Y` BIGINT, `Z` BIGINT>>", e.type().sql());
    List<?> value = (List<?>) eval("ARRAY[null, STRUCT(x := I, y := L), STRUCT(y := I, z := L)]");
    assertEquals(null, value.get(0));
    assertEquals(Map.of("Y", (long) Integer.MAX_VALUE, "Z", 10L), value.get(2));
  }

  @Test
  void intArithmeticStaysIntAndOverflowsAsJava() {
    assertEquals(SqlTypes.INT, compile("I + 1").type());
    assertEquals(Integer.MIN_VALUE, eval("I + 1"));
    assertEquals(SqlTypes.BIGINT, compile("I + L").type());
    assertEquals(2147483657L, eval("I + L"));
  }

  @Test
  void decimalArithmeticFollowsKsqlDbsPrecisionAndScale() {
    assertEquals("DECIMAL(5, 2)", compile("D + D").type().sql());
    assertEquals(new BigDecimal("3.00"), eval("D + D"));
    assertEquals("DECIMAL(9, 4)", compile("D * D").type().sql());
    assertEquals(SqlTypes.DOUBLE, compile("D + 1.5E0").type());
  }

  @Test
  void nullsPropagateThroughArithmeticAndFunctionsButComparisonsAreFalse() {
    assertEquals(null, eval("N + 1"));
    assertEquals(null, eval("ABS(N)"));
    assertEquals(false, eval("N = 1"));
    assertEquals(true, eval("NOT (N = 1)"));
    assertEquals(true, eval("N IS NULL"));
    assertEquals(true, eval("N IS NOT DISTINCT FROM N"));
    assertEquals(false, eval("N > 1 AND TRUE"));
    // A null BOOLEAN (a CASE without a matching branch) is unknown in AND/OR.
    assertEquals(null, eval("(CASE WHEN FALSE THEN TRUE END) AND TRUE"));
    assertEquals(false, eval("(CASE WHEN FALSE THEN TRUE END) AND FALSE"));
    assertEquals(true, eval("(CASE WHEN FALSE THEN TRUE END) OR TRUE"));
  }

  @Test
  void collectionsAndLambdas() {
    assertEquals(3, eval("A[-1]"));
    assertEquals(null, eval("A[5]"));
    assertEquals(Arrays.asList(10, null, 30), eval("TRANSFORM(A, x => CASE WHEN x IS NULL THEN NULL ELSE x * 10 END)"));
    assertEquals(Arrays.asList("1", null, "3"), eval("TRANSFORM(A, x => CAST(x AS STRING))"));
    assertEquals(List.of(3), eval("FILTER(A, x => x > 1)"));
    assertEquals(4, eval("REDUCE(A, 0, (s, x) => s + COALESCE(x, 0))"));
    assertEquals("ABC-x", eval("CASE WHEN S LIKE 'a%' THEN UCASE(S) + '-x' ELSE 'no' END"));
    assertEquals(true, eval("I BETWEEN 0 AND I"));
    assertEquals(true, eval("S IN ('x', 'abc')"));
  }

  @Test
  void typeErrorsNameTheExpression() {
    var e = assertThrows(StreamSqlException.class, () -> compile("S * 2"));
    assertTrue(e.getMessage().contains("S * 2"), e.getMessage());
    assertTrue(assertThrows(StreamSqlException.class, () -> compile("NOPE(1)")).getMessage().contains("NOPE"));
    assertTrue(assertThrows(StreamSqlException.class, () -> compile("CAST(A AS INT)")).getMessage().contains("not supported"));
    assertTrue(assertThrows(StreamSqlException.class, () -> compile("9223372036854775808")).getMessage()
        .contains("Invalid numeric literal"));
  }

  @Test
  void functionsAreNamedInErrorsAsKsqlDbDeclaresThem() {
    // null.json "coalesce - no params": ksqlDB declares COALESCE in upper case, most others in lower case.
    assertTrue(assertThrows(StreamSqlException.class, () -> compile("COALESCE()")).getMessage()
        .startsWith("Function 'COALESCE' does not accept parameters ()."));
    assertTrue(assertThrows(StreamSqlException.class, () -> compile("UCASE(1)")).getMessage()
        .startsWith("Function 'ucase' does not accept parameters (INTEGER)."));
  }

  @Test
  void arithmeticIsNamedInErrorsAsKsqlDbFormatsIt() {
    // comparison-expression.json "invalid where predicate - illegal expression".
    assertEquals("Error processing expression: (true + 1.5). Unsupported arithmetic types. BOOLEAN DECIMAL",
        assertThrows(StreamSqlException.class, () -> compile("TRUE + 1.5")).getMessage());
    assertEquals("Error processing expression: ((I * 2) - S). Unsupported arithmetic types. INTEGER STRING",
        assertThrows(StreamSqlException.class, () -> compile("(i * 2) - s")).getMessage());
  }

  @Test
  void arithmeticOnNullInALambdaFailsTheWholeCallAsInKsqlDb() {
    // transform-array.json "apply transform lambda function to array": ksqlDB's lambda code unboxes
    // its operands, so [5, null] gives a null TRANSFORM (logged), not [10, null]; outside a lambda
    // null arithmetic stays null.
    assertThrows(NullPointerException.class, () -> eval("TRANSFORM(A, x => x * 10)"));
    assertThrows(NullPointerException.class, () -> eval("FILTER(A, x => x % 5 = 0)"));
    assertEquals(null, eval("N * 10"));
    assertEquals(List.of(10, 30), eval("TRANSFORM(FILTER(A, x => x IS NOT NULL), x => x * 10)"));
  }

  @Test
  void literalsTooLargeFailAsAStatementThatDoesNotPrepare() {
    // literals.json "BIGINT/DOUBLE literal positive overflow": ksqlDB's position is the column counted from one, plus one.
    assertEquals("Failed to prepare statement: line 1:9: Invalid numeric literal: 9223372036854775808",
        assertThrows(StreamSqlException.class, () -> compile("9223372036854775808")).getMessage());
    assertEquals("Failed to prepare statement: line 1:13: Number overflows DOUBLE: 1.7976931348623159E308",
        assertThrows(StreamSqlException.class, () -> compile("I + 1.7976931348623159E308")).getMessage());
  }

  @Test
  void aFailingFunctionArgumentIsNullAndTheCallGoesOn() {
    // null.json "coalesce - with parse_date": ksqlDB evaluates function-call arguments "or null".
    assertEquals(java.time.LocalDate.of(2004, 1, 1),
        eval("COALESCE(PARSE_DATE('2004', 'yyyy-MM-dd'), PARSE_DATE(CONCAT('2004', '-01-01'), 'yyyy-MM-dd'))"));
    assertThrows(RuntimeException.class, () -> eval("PARSE_DATE('2004', 'yyyy-MM-dd')"));
  }
}

package io.streamsql.core.sql.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.SqlParser;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.fn.FunctionRegistry;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IN over every type as ksqlDB coerces its list (ksqlDB's in.json). */
class InPredicateTest {
  private static final ExpressionCompiler COMPILER = new ExpressionCompiler(FunctionRegistry.standard());
  private static final SqlType AB = new SqlType.Struct(List.of(new SqlType.Field("A", SqlTypes.BIGINT), new SqlType.Field("B", SqlTypes.BIGINT)));
  private static final SqlType F0 = new SqlType.Struct(List.of(new SqlType.Field("F0", SqlTypes.BIGINT)));

  /** Columns B BOOLEAN, D DECIMAL(4,2), S STRING, AL ARRAY<BIGINT>, AI ARRAY<INT>, M MAP<STRING, BIGINT>, ST STRUCT<A, B>, F STRUCT<F0>. */
  private static CompiledExpr compile(String expression) {
    var query = (StreamSqlParser.QueryStatementContext) SqlParser.parse("SELECT " + expression + " FROM T").get(0).tree();
    var item = (StreamSqlParser.SelectSingleContext) query.query().selectItem(0);
    Map<String, Scope.Slot> slots = new LinkedHashMap<>();
    slots.put("B", new Scope.Slot(0, SqlTypes.BOOLEAN));
    slots.put("D", new Scope.Slot(1, new SqlType.Decimal(4, 2)));
    slots.put("S", new Scope.Slot(2, SqlTypes.STRING));
    slots.put("AL", new Scope.Slot(3, new SqlType.Array(SqlTypes.BIGINT)));
    slots.put("AI", new Scope.Slot(4, new SqlType.Array(SqlTypes.INT)));
    slots.put("M", new Scope.Slot(5, new SqlType.Map(SqlTypes.STRING, SqlTypes.BIGINT)));
    slots.put("ST", new Scope.Slot(6, AB));
    slots.put("F", new Scope.Slot(7, F0));
    return COMPILER.compile(item.expression(), Scope.ofColumns(slots, List.of("T"), 8));
  }

  private static Object eval(String expression, Object... row) {
    return compile(expression).eval().eval(Arrays.copyOf(row, 16));
  }

  private static String error(String expression) {
    return assertThrows(StreamSqlException.class, () -> compile(expression)).getMessage();
  }

  private static Map<String, Object> struct(Object... fieldsAndValues) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) m.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
    return m;
  }

  @Test
  void anItemOfAnotherTypeIsNamedWithKsqlDbsHint() {
    assertEquals("Invalid Predicate: operator does not exist: BOOLEAN = INTEGER (10)\nHint: You might need to add explicit type casts.",
        error("B IN (true, 10)"));
    assertEquals("Invalid Predicate: operator does not exist: BOOLEAN = STRING (S)\nHint: You might need to add explicit type casts.",
        error("B IN (true, S)"));
  }

  @Test
  void aNumberLiteralWidensTheDecimalTheRestIsComparedWith() {
    // DECIMAL(4,2) widened with INT's DECIMAL(10,0) is DECIMAL(12,2), as ksqlDB reports it.
    assertEquals("Invalid Predicate: operator does not exist: DECIMAL(12, 2) = BOOLEAN (true)\nHint: You might need to add explicit type casts.",
        error("D IN (10, true)"));
    assertEquals(true, eval("D IN (10, 1.5)", null, new BigDecimal("1.50")));
  }

  @Test
  void arrayConstructorsAreCoercedToTheValuesElementType() {
    assertEquals(true, eval("AL IN (ARRAY[1, 2], ARRAY['3', null])", null, null, null, Arrays.asList(3L, null)));
    assertEquals(true, eval("AL IN (ARRAY[5, 123456789000])", null, null, null, List.of(5L, 123456789000L)));
    assertEquals(true, eval("AL IN (AI)", null, null, null, List.of(4L, 5L), List.of(4, 5)));
    assertEquals(false, eval("AL IN (ARRAY[1, 2])", null, null, null, List.of(1L)));
    assertEquals("Invalid Predicate: invalid input syntax for type BIGINT: \"not 10\".", error("AL IN (AL, ARRAY['10', 'not 10'])"));
  }

  @Test
  void mapConstructorsNameThemselvesAsKsqlDbPrintsThem() {
    assertEquals("Invalid Predicate: operator does not exist: MAP<STRING, BIGINT> = MAP<STRING, BOOLEAN> (MAP('a':=B))\n"
        + "Hint: You might need to add explicit type casts.", error("M IN (M, MAP('a' := B))"));
    assertEquals("Invalid Predicate: invalid input syntax for type BIGINT: \"not 10\".", error("M IN (M, MAP('10' := 'not 10'))"));
    assertEquals(true, eval("M IN (MAP('a' := '1'))", null, null, null, null, null, Map.of("a", 1L)));
  }

  @Test
  void structConstructorsAddTheirFieldsAndMissingOnesAreNull() {
    String list = "ST IN (STRUCT(A:=1,B:=2),STRUCT(A:=3,B:=2,C:=4),STRUCT(B:=2,A:=4),STRUCT(A:=5),STRUCT(A:=6,B:=CAST(null AS BIGINT)),STRUCT(A:='7',B:=2))";
    assertEquals(true, eval(list, null, null, null, null, null, null, struct("A", 1L, "B", 2L)));
    assertEquals(false, eval(list, null, null, null, null, null, null, struct("A", 2L, "B", 2L)));
    // STRUCT(A:=3, B:=2, C:=4) widens the type with C, which the value does not have.
    assertEquals(false, eval(list, null, null, null, null, null, null, struct("A", 3L, "B", 2L)));
    assertEquals(true, eval(list, null, null, null, null, null, null, struct("A", 4L, "B", 2L)));
    assertEquals(true, eval(list, null, null, null, null, null, null, struct("A", 5L, "B", null)));
    assertEquals(true, eval(list, null, null, null, null, null, null, struct("A", 6L)));
    assertEquals(true, eval(list, null, null, null, null, null, null, struct("A", 7L, "B", 2L)));
  }

  @Test
  void structFieldNamesAreCaseSensitive() {
    String list = "F IN (STRUCT(F0 := 10), STRUCT(`f0` := 20))";
    assertEquals(true, eval(list, null, null, null, null, null, null, null, struct("F0", 10L)));
    assertEquals(false, eval(list, null, null, null, null, null, null, null, struct("F0", 20L)));
  }

  @Test
  void structConstructorsOfTheWrongTypeAreRefused() {
    assertEquals("Invalid Predicate: operator does not exist: STRUCT<`F0` BIGINT> = STRUCT<`F0` BOOLEAN> (STRUCT(F0:=B))\n"
        + "Hint: You might need to add explicit type casts.", error("F IN (F, STRUCT(F0 := B))"));
    assertEquals("Invalid Predicate: invalid input syntax for type BIGINT: \"not 10\".", error("F IN (STRUCT(F0 := 'not 10'))"));
  }

  @Test
  void stringsAndNumbersMeetAsKsqlDbCoercesLiterals() {
    assertEquals(true, eval("S IN (1, 'b')", null, null, "1"));
    assertEquals(true, eval("D IN ('1.5')", null, new BigDecimal("1.50")));
    assertEquals(null, eval("S IN ('a')"));
  }
}

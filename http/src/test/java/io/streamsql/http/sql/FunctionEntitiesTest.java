package io.streamsql.http.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamsql.cluster.sql.StatementResult;
import io.streamsql.core.sql.fn.FunctionRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SHOW FUNCTIONS and DESCRIBE FUNCTION as ksqlDB renders them: table functions have type TABLE. */
class FunctionEntitiesTest {
  private static final FunctionRegistry FUNCTIONS = FunctionRegistry.standard();

  @Test
  @SuppressWarnings("unchecked")
  void showFunctionsListsScalarAndTableFunctionsByName() {
    Map<String, Object> entity = KsqlEntities.render(new StatementResult.FunctionList("SHOW FUNCTIONS;", FUNCTIONS.all(),
        FUNCTIONS.tableFunctions()));
    List<Map<String, Object>> functions = (List<Map<String, Object>>) entity.get("functions");
    Map<String, String> types = new java.util.HashMap<>();
    functions.forEach(f -> types.put((String) f.get("name"), (String) f.get("type")));
    assertEquals("TABLE", types.get("EXPLODE"));
    assertEquals("TABLE", types.get("CUBE_EXPLODE"));
    assertEquals("SCALAR", types.get("UCASE"));
    // This module's tests carry ksqlDB's test functions through the cluster test-jar's FunctionLibrary.
    assertEquals("TABLE", types.get("TEST_UDTF"));
    List<String> names = functions.stream().map(f -> (String) f.get("name")).toList();
    assertEquals(names.stream().sorted().toList(), names);
  }

  @Test
  @SuppressWarnings("unchecked")
  void describeFunctionOfATableFunctionSaysTable() {
    Map<String, Object> entity = KsqlEntities.render(new StatementResult.FunctionDescription("DESCRIBE FUNCTION EXPLODE;", "explode",
        FUNCTIONS.tableFunctions().get("EXPLODE"), true));
    assertEquals("TABLE", entity.get("type"));
    assertEquals("EXPLODE", entity.get("name"));
    assertEquals("T", ((List<Map<String, Object>>) entity.get("functions")).get(0).get("returnType"));
  }
}

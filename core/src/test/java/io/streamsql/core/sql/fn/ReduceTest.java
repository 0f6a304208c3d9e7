package io.streamsql.core.sql.fn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** REDUCE's null rules in ksqlDB: a null initial state gives null, a null collection gives the initial state. */
class ReduceTest {
  @Test
  void nullInitialStateGivesNull() {
    assertNull(SqlEval.eval("REDUCE(MAP('a' := 1), CAST(NULL AS BIGINT), (s, k, v) => v + s)"));
    assertNull(SqlEval.eval("REDUCE(ARRAY[1, 2], CAST(NULL AS INT), (s, x) => COALESCE(s, 0) + x)"));
  }

  @Test
  void nullCollectionGivesTheInitialState() {
    assertEquals(3.2, SqlEval.eval("REDUCE(CAST(NULL AS MAP<STRING, DOUBLE>), CAST(3.2 AS DOUBLE), (s, k, v) => s * v)"));
    assertEquals(5, SqlEval.eval("REDUCE(CAST(NULL AS ARRAY<INT>), 5, (s, x) => s + x)"));
  }

  @Test
  void doublesReduceInMapOrder() {
    // ksqlDB's QTT "reduce map with double", with the map in the order its deserializer gives.
    assertEquals(189.0, SqlEval.eval("REDUCE(MAP('yes, thanks' := 3.5E0, 'sure, yeah' := 2.1E0, 'nope' := 7.3E0), CAST(3.2 AS DOUBLE), "
        + "(s, x, y) => CASE WHEN INSTR(x, 'ye') > 0 THEN CEIL(y * s) ELSE FLOOR(s * y) END)"));
  }
}

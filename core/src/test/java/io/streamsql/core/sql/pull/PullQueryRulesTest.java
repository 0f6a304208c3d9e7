package io.streamsql.core.sql.pull;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import org.junit.jupiter.api.Test;

/** ksqlDB's refusals of constructs a pull query cannot have, with its texts. */
class PullQueryRulesTest {
  private static String refusal(String sql) {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> PullQueryRules.check(KeyConstraintsTest.query(sql)));
    assertEquals(ErrorCode.SQL_ERROR, e.code());
    return e.getMessage();
  }

  @Test
  void refusesStatefulClausesWithKsqlDbsMessages() {
    assertEquals("Pull queries don't support GROUP BY clauses." + PullQueryRules.SYNTAX_HELP,
        refusal("SELECT NAME, COUNT(*) FROM T GROUP BY NAME;"));
    assertEquals("Pull queries don't support WINDOW clauses." + PullQueryRules.SYNTAX_HELP,
        refusal("SELECT NAME, COUNT(*) FROM T WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY NAME;"));
    assertEquals("Pull queries don't support PARTITION BY clauses." + PullQueryRules.SYNTAX_HELP,
        refusal("SELECT * FROM T PARTITION BY N;"));
    assertEquals("Pull queries don't support EMIT clauses." + PullQueryRules.SYNTAX_HELP,
        refusal("SELECT * FROM T EMIT FINAL;"));
  }

  @Test
  void refusesRowPartitionAndRowOffset() {
    assertEquals("Pull queries don't support the following columns in SELECT clauses: ROWPARTITION, ROWOFFSET\n"
        + PullQueryRules.SYNTAX_HELP, refusal("SELECT ROWPARTITION, T.ROWOFFSET FROM T;"));
    assertEquals("Pull queries don't support the following columns in WHERE clauses: ROWOFFSET\n"
        + PullQueryRules.SYNTAX_HELP, refusal("SELECT * FROM T WHERE ROWOFFSET > 3;"));
  }

  @Test
  void acceptsLookupsRangesScansAndLimits() {
    assertDoesNotThrow(() -> PullQueryRules.check(KeyConstraintsTest.query("SELECT *, ROWTIME FROM T WHERE NAME > 'a' LIMIT 3;")));
  }
}

package io.streamsql.cluster.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The identifier rules /inserts-stream applies to its target and to row field names (ksqlDB's). */
class InsertTargetIdentifierTest {
  @Test
  void unquotedNamesAreUpperCased() {
    assertEquals("ORDERS", InsertTarget.identifier("orders"));
    assertEquals("MY-STREAM", InsertTarget.identifier("my-stream"));
  }

  @Test
  void quotedNamesKeepTheirCaseAndUnescapeDoubledQuotes() {
    assertEquals("Orders", InsertTarget.identifier("`Orders`"));
    assertEquals("a`b", InsertTarget.identifier("`a``b`"));
    assertEquals("lower", InsertTarget.identifier("\"lower\""));
  }

  @Test
  void badQuotingIsRefusedWithKsqlDbsReason() {
    assertEquals("Expected matching quote at end of value",
        assertThrows(IllegalArgumentException.class, () -> InsertTarget.identifier("`open")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> InsertTarget.identifier("`a`b`"));
    assertThrows(IllegalArgumentException.class, () -> InsertTarget.identifier(""));
  }
}

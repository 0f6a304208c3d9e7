package io.streamsql.persistence.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.streamsql.core.sql.plan.OutputRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With the record cache on, a batch writes each key's newest result once, in the order of those newest results. */
class CoalescedOutputsTest {
  private static OutputRecord out(String key, String value) {
    return new OutputRecord(key, value == null ? null : value.getBytes(), 0);
  }

  @Test
  void keepsTheNewestResultOfEachKeyInTheOrderOfTheNewest() {
    OutputRecord a1 = out("a", "1");
    OutputRecord b1 = out("b", "1");
    OutputRecord a2 = out("a", "2");
    OutputRecord bDeleted = out("b", null);
    List<OutputRecord> newest = AggregatePartitionEntity.newestPerKey(List.of(a1, b1, a2, bDeleted));
    assertEquals(List.of(a2, bDeleted), newest, "a tombstone is a result too");
  }

  @Test
  void aBatchWithoutRepeatsIsLeftAsItIs() {
    List<OutputRecord> distinct = List.of(out("a", "1"), out("b", "1"));
    assertSame(distinct, AggregatePartitionEntity.newestPerKey(distinct));
  }
}

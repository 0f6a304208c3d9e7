package io.streamsql.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamsql.core.error.StreamSqlException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReadPositionAndPartitionerTest {
  @Test
  void readPositions() {
    assertInstanceOf(ReadPosition.Earliest.class, ReadPosition.parse(null));
    assertInstanceOf(ReadPosition.Latest.class, ReadPosition.parse("latest"));
    assertEquals(new ReadPosition.AtOffset(42), ReadPosition.parse("42"));
    assertEquals(new ReadPosition.AtTime(1767225600000L), ReadPosition.parse("2026-01-01T00:00:00Z"));
    assertEquals(new ReadPosition.AtTime(1767225600000L), ReadPosition.parse("2026-01-01T01:00:00+01:00"));
    assertThrows(StreamSqlException.class, () -> ReadPosition.parse("-1"));
    assertThrows(StreamSqlException.class, () -> ReadPosition.parse("yesterday"));
  }

  @Test
  void murmur2MatchesKafkasReferenceValues() {
    // Values from Kafka's UtilsTest.testMurmur2.
    assertEquals(-973932308, Partitioner.murmur2("21".getBytes(StandardCharsets.UTF_8)));
    assertEquals(-790332482, Partitioner.murmur2("foobar".getBytes(StandardCharsets.UTF_8)));
    assertEquals(-985981536, Partitioner.murmur2("a-little-bit-long-string".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void sameKeySamePartitionAndWithinRange() {
    for (int i = 0; i < 1000; i++) {
      int p = Partitioner.partitionForKey("k" + i, 7);
      assertEquals(p, Partitioner.partitionForKey("k" + i, 7));
      assertEquals(true, p >= 0 && p < 7);
    }
  }
}

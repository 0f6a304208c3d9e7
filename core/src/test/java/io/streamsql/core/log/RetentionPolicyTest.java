package io.streamsql.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamsql.core.error.StreamSqlException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  @Test
  void parsesEveryForm() {
    assertEquals(RetentionPolicy.FOREVER, RetentionPolicy.parse(null));
    assertEquals(RetentionPolicy.FOREVER, RetentionPolicy.parse("forever"));
    assertEquals(new RetentionPolicy.MaxAge(Duration.ofDays(7)), RetentionPolicy.parse("7d"));
    assertEquals(new RetentionPolicy.MaxAge(Duration.ofMinutes(90)), RetentionPolicy.parse("90m"));
    assertEquals(new RetentionPolicy.MaxRecords(1000), RetentionPolicy.parse(1000));
    assertEquals(new RetentionPolicy.MaxRecords(1000), RetentionPolicy.parse("1000 records"));
    assertEquals(new RetentionPolicy.MaxBytes(10_000_000_000L), RetentionPolicy.parse("10GB"));
    assertEquals(new RetentionPolicy.MaxBytes(1L << 20), RetentionPolicy.parse("1MiB"));
  }

  @Test
  void specRoundTrips() {
    for (String spec : new String[] {"forever", "7d", "36h", "15m", "1000 records", "1048576B"}) {
      assertEquals(RetentionPolicy.parse(spec), RetentionPolicy.parse(RetentionPolicy.parse(spec).spec()));
    }
  }

  @Test
  void rejectsNonsense() {
    assertThrows(StreamSqlException.class, () -> RetentionPolicy.parse("soon"));
    assertThrows(StreamSqlException.class, () -> RetentionPolicy.parse(0));
    assertThrows(StreamSqlException.class, () -> RetentionPolicy.parse("-5d"));
    assertThrows(StreamSqlException.class, () -> RetentionPolicy.parse("0d"));
  }
}

package io.streamsql.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamsql.core.error.StreamSqlException;
import org.junit.jupiter.api.Test;

class RowKeysTest {
  @Test
  void pathSegmentsAreJsonScalarsOrPlainStrings() {
    assertEquals("\"user1\"", RowKeys.fromPath("user1"));
    assertEquals("1", RowKeys.fromPath("1"));
    assertEquals("\"1\"", RowKeys.fromPath("\"1\""));
    assertEquals("true", RowKeys.fromPath("true"));
    assertEquals("\"two words\"", RowKeys.fromPath("two words"));
    assertThrows(StreamSqlException.class, () -> RowKeys.fromPath("[1]"));
    assertThrows(StreamSqlException.class, () -> RowKeys.fromPath("{\"a\":1}"));
  }

  @Test
  void keysFromUploadsMatchKeysFromPaths() {
    var out = new java.util.ArrayList<ParsedRecord>();
    JsonRecordReader reader = new JsonRecordReader("id", 1000);
    reader.feed("{\"id\":\"user1\"}\n{\"id\":42}\n{\"id\":\"42\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
    reader.finish(out);
    assertEquals(RowKeys.fromPath("user1"), out.get(0).keyJson());
    assertEquals(RowKeys.fromPath("42"), out.get(1).keyJson());
    assertEquals(RowKeys.fromPath("\"42\""), out.get(2).keyJson());
  }
}

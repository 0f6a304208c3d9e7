package io.streamsql.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

  private static List<ParsedRecord> read(String body, int chunkSize, String keyField) {
    return read(body, chunkSize, keyField, 1024);
  }

  private static List<ParsedRecord> read(String body, int chunkSize, String keyField, int maxRecordBytes) {
    CsvRecordReader reader = new CsvRecordReader(keyField, maxRecordBytes);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<ParsedRecord> out = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += chunkSize) {
      reader.feed(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunkSize)), out);
    }
    reader.finish(out);
    return out;
  }

  @Test
  void rowsBecomeObjectsNamedByTheHeader() {
    for (int chunk : new int[] {1, 5, 1000}) {
      List<ParsedRecord> rows = read("id,name\r\n1,\"Smith, J\"\n2,\"multi\nline\"\n3,plain", chunk, "id");
      assertEquals(3, rows.size());
      assertEquals("{\"id\":\"1\",\"name\":\"Smith, J\"}", new String(rows.get(0).valueJson(), StandardCharsets.UTF_8));
      assertEquals("{\"id\":\"2\",\"name\":\"multi\\nline\"}", new String(rows.get(1).valueJson(), StandardCharsets.UTF_8));
      assertEquals("\"3\"", rows.get(2).keyJson());
      assertEquals(5, rows.get(2).line());
    }
  }

  @Test
  void wrongFieldCountNamesTheLine() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> read("a,b\n1,2\n1,2,3\n", 100, null));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
    assertEquals(3L, e.details().get("line"));
  }

  @Test
  void unterminatedQuoteIsAnError() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> read("a,b\n1,\"open\n", 100, null));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
  }

  @Test
  void missingKeyColumnIsAnError() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> read("a,b\n1,2\n", 100, "id"));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
  }

  @Test
  void oversizedRowIsRefused() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> read("a\n" + "x".repeat(2000) + "\n", 100, null));
    assertEquals(ErrorCode.RECORD_TOO_LARGE, e.code());
    assertEquals(2L, e.details().get("line"));
  }

  @Test
  void badQuotingNamesLineAndColumnWithAShortExcerpt() {
    String row = "\"x\"\"\"x\"\"" + "y".repeat(4000) + "\",1";
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> read("a,b\n1,2\n" + row + "\n", 100, null, 10_000));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
    assertEquals(3L, e.details().get("line"));
    assertEquals(6, e.details().get("column"));
    assertTrue(e.getMessage().length() < 300, e.getMessage());
    assertFalse(e.getMessage().contains("com.fasterxml"), e.getMessage());
    assertFalse(e.getMessage().contains("Source:"), e.getMessage());
  }

  @Test
  void textAfterAClosingQuoteIsMalformed() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> read("a,b\n\"x\"y,1\n", 100, null));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
    assertEquals(2L, e.details().get("line"));
  }

  @Test
  void duplicateHeaderNamesAreRefused() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> read("a,a\n1,2\n", 100, null));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    assertEquals(1L, e.details().get("line"));
    assertEquals(3, e.details().get("column"));
    assertEquals(2, e.details().get("field"));
  }

  @Test
  void emptyHeaderNamesAreRefused() {
    for (String header : new String[] {"a,,b", "a, ", ",a"}) {
      StreamSqlException e = assertThrows(StreamSqlException.class, () -> read(header + "\n1,2,3\n", 100, null), header);
      assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
      assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
  }
}

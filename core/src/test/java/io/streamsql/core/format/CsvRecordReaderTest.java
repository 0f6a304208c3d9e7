package io.streamsql.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

  private static List<ParsedRecord> read(String body, int chunkSize, String keyField) {
    CsvRecordReader reader = new CsvRecordReader(keyField, 1024);
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
}

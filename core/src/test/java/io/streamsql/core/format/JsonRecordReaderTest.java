package io.streamsql.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRecordReaderTest {

  private static List<ParsedRecord> readInChunks(String body, int chunkSize, String keyField) {
    JsonRecordReader reader = new JsonRecordReader(keyField, 1024);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<ParsedRecord> out = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += chunkSize) {
      byte[] chunk = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunkSize));
      reader.feed(chunk, out);
    }
    reader.finish(out);
    return out;
  }

  private static String value(ParsedRecord r) {
    return new String(r.valueJson(), StandardCharsets.UTF_8);
  }

  @Test
  void readsNdjsonSplitAcrossArbitraryChunks() {
    String body = "{\"a\": 1, \"b\": [1, {\"c\": \"x\"}]}\n{\"a\":2}\n\n{\"a\":3}\n";
    for (int chunk : new int[] {1, 3, 7, 1000}) {
      List<ParsedRecord> records = readInChunks(body, chunk, null);
      assertEquals(3, records.size(), "chunk size " + chunk);
      assertEquals("{\"a\":1,\"b\":[1,{\"c\":\"x\"}]}", value(records.get(0)));
      assertEquals(1, records.get(0).line());
      assertEquals(4, records.get(2).line());
    }
  }

  @Test
  void readsASingleObjectAndAnArrayOfObjects() {
    assertEquals(1, readInChunks("{\n  \"a\": 1\n}", 4, null).size());
    List<ParsedRecord> records = readInChunks("[{\"a\":1},\n {\"a\":2}]", 5, null);
    assertEquals(2, records.size());
    assertEquals("{\"a\":2}", value(records.get(1)));
  }

  @Test
  void extractsScalarKeysAsJsonText() {
    List<ParsedRecord> records = readInChunks("{\"id\":\"u1\",\"x\":{\"id\":9}}\n{\"id\":42}\n{\"x\":1}\n", 2, "id");
    assertEquals("\"u1\"", records.get(0).keyJson());
    assertEquals("42", records.get(1).keyJson());
    assertNull(records.get(2).keyJson());
  }

  @Test
  void malformedJsonNamesLineAndColumnAndKeepsEarlierRecords() {
    JsonRecordReader reader = new JsonRecordReader(null, 1024);
    List<ParsedRecord> out = new ArrayList<>();
    StreamSqlException e = assertThrows(StreamSqlException.class,
        () -> reader.feed("{\"a\":1}\n{\"a\":2}\n{\"a\": nope}\n".getBytes(StandardCharsets.UTF_8), out));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
    assertEquals(3, ((Number) e.details().get("line")).intValue());
    assertEquals(2, out.size());
  }

  @Test
  void nonObjectValuesAreRejected() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> readInChunks("{\"a\":1}\n42\n", 100, null));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
    assertEquals(2, ((Number) e.details().get("line")).intValue());
  }

  @Test
  void truncatedBodyIsAnError() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> readInChunks("{\"a\":1}\n{\"a\":", 100, null));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
    assertEquals(2, ((Number) e.details().get("line")).intValue());
  }

  @Test
  void recordsOverTheLimitAreRefusedEvenBeforeTheyEnd() {
    String big = "{\"a\":\"" + "x".repeat(5000);
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> {
      JsonRecordReader reader = new JsonRecordReader(null, 1024);
      reader.feed(("{\"ok\":1}\n" + big).getBytes(StandardCharsets.UTF_8), new ArrayList<>());
    });
    assertEquals(ErrorCode.RECORD_TOO_LARGE, e.code());
    assertEquals(2, ((Number) e.details().get("line")).intValue());
  }

  @Test
  void nonScalarKeyIsAnError() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> readInChunks("{\"id\":[1]}", 100, "id"));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
  }

  @Test
  void numbersKeepEveryDigitAsWritten() {
    String body = "{\"id\":1.10,\"x\":10.1234512345123451234,\"y\":[1.10,-0.0,2E-7,1e400],\"n\":123456789012345678901234567890}";
    for (int chunk : new int[] {1, 5, 1000}) {
      ParsedRecord r = readInChunks(body, chunk, "id").get(0);
      assertEquals(body, value(r), "chunk size " + chunk);
      assertEquals("1.10", r.keyJson());
    }
  }

  @Test
  void malformedJsonQuotesOnlyAShortExcerpt() {
    String body = "{\"a\":" + "x".repeat(4000) + "}";
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> readInChunks(body, 1000, null));
    assertEquals(ErrorCode.MALFORMED_RECORD, e.code());
    assertTrue(e.getMessage().length() < 300, e.getMessage());
  }

  @Test
  void stringKeysAreQuotedExactlyAsJacksonWritesThem() throws Exception {
    for (String key : new String[] {"plain", "quote\"back\\slash", "line\nbreak\u0001", "ünï😀", "</script>"}) {
      assertEquals(Json.MAPPER.writeValueAsString(key), JsonRecordReader.quote(key));
      String body = "{\"k\":" + Json.MAPPER.writeValueAsString(key) + "}";
      assertEquals(Json.MAPPER.writeValueAsString(key), readInChunks(body, 3, "k").get(0).keyJson());
    }
  }

  @Test
  void valuesAreTheObjectsOwnBytesWithoutWhitespaceBetweenTokens() {
    String body = "[\n  {\n    \"s\" : \"a b \\\" c\\\\\",\t\"u\": \"\\u0041 é\",\r\n    \"n\": [ 1 , 2.50 ]\n  } ,\n  {\"x\":{}}\n]";
    for (int chunk : new int[] {1, 2, 7, 1000}) {
      List<ParsedRecord> records = readInChunks(body, chunk, null);
      assertEquals("{\"s\":\"a b \\\" c\\\\\",\"u\":\"\\u0041 é\",\"n\":[1,2.50]}", value(records.get(0)), "chunk size " + chunk);
      assertEquals("{\"x\":{}}", value(records.get(1)), "chunk size " + chunk);
    }
  }
}

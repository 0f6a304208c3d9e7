package io.streamsql.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.StreamSqlException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicRecordReaderTest {
  private static List<ParsedRecord> read(String body) {
    TopicRecordReader reader = new TopicRecordReader(1000);
    List<ParsedRecord> out = new ArrayList<>();
    reader.feed(body.getBytes(StandardCharsets.UTF_8), out);
    reader.finish(out);
    return out;
  }

  @Test
  void envelopesGiveKeyValueTimestampAndPartition() {
    List<ParsedRecord> records = read(
        "{\"key\":\"a\",\"value\":{\"x\":1},\"timestamp\":42,\"partition\":1}\n{\"key\":7,\"value\":null}\n{\"value\":\"plain\"}\n");
    assertEquals("\"a\"", records.get(0).keyJson());
    assertEquals("{\"x\":1}", new String(records.get(0).valueJson(), StandardCharsets.UTF_8));
    assertEquals(42L, records.get(0).timestamp());
    assertEquals(1, records.get(0).partition());
    assertEquals("7", records.get(1).keyJson());
    assertNull(records.get(1).valueJson(), "null value is a tombstone");
    assertNull(records.get(2).keyJson());
    assertEquals("\"plain\"", new String(records.get(2).valueJson(), StandardCharsets.UTF_8));
  }

  @Test
  void badEnvelopesNameTheLine() {
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> read("{\"key\":1}\n{\"kee\":1}\n"));
    assertEquals(2L, e.details().get("line"));
    assertThrows(StreamSqlException.class, () -> read("{\"partition\":-1}"));
  }

  @Test
  void numbersKeepEveryDigitAsWritten() {
    List<ParsedRecord> records = read(
        "{\"key\":1.10,\"value\":{\"x\":10.1234512345123451234,\"y\":1.10,\"z\":1e400,\"n\":123456789012345678901234567890}}");
    assertEquals("1.10", records.get(0).keyJson());
    assertEquals("{\"x\":10.1234512345123451234,\"y\":1.10,\"z\":1e400,\"n\":123456789012345678901234567890}",
        new String(records.get(0).valueJson(), StandardCharsets.UTF_8));
  }

  @Test
  void objectAndArrayKeysAreKeptAsCompactJson() {
    List<ParsedRecord> records = read(
        "{\"key\": {\"ID\": 1, \"NAME\": \"a\"}, \"value\": {\"v\": 2}}\n{\"key\": [1, [2.50]], \"value\": null}\n");
    assertEquals("{\"ID\":1,\"NAME\":\"a\"}", records.get(0).keyJson());
    assertEquals("[1,[2.50]]", records.get(1).keyJson());
    assertNull(records.get(1).valueJson(), "a tombstone with a structured key");
  }

  @Test
  void timestampsAndPartitionsMustBeIntegers() {
    assertThrows(StreamSqlException.class, () -> read("{\"timestamp\":1.5}"));
    assertThrows(StreamSqlException.class, () -> read("{\"partition\":\"1\"}"));
    assertThrows(StreamSqlException.class, () -> read("{\"partition\":99999999999}"));
  }

  @Test
  void unknownFieldNamesAreQuotedShort() {
    String longName = "k".repeat(900);
    StreamSqlException e = assertThrows(StreamSqlException.class, () -> read("{\"" + longName + "\":1}"));
    assertTrue(e.getMessage().length() < 300, e.getMessage());
  }

  @Test
  void headersAreReadAsAnObjectOrAsKafkaRestsArray() {
    List<ParsedRecord> records = read("{\"value\":1,\"headers\":{\"src\":\"YWJj\",\"empty\":null}}\n"
        + "{\"value\":2,\"headers\":[{\"key\":\"src\",\"value\":\"eHl6\"},{\"name\":\"n\",\"value\":null}]}\n{\"value\":3}\n");
    java.util.Map<String, String> first = new java.util.LinkedHashMap<>();
    first.put("src", "YWJj");
    first.put("empty", null);
    assertEquals(first, records.get(0).headers());
    java.util.Map<String, String> second = new java.util.LinkedHashMap<>();
    second.put("src", "eHl6");
    second.put("n", null);
    assertEquals(second, records.get(1).headers());
    assertEquals(java.util.Map.of(), records.get(2).headers());
  }

  @Test
  void badHeadersAreMalformedRecordsNamingTheLine() {
    StreamSqlException notBase64 = assertThrows(StreamSqlException.class, () -> read("{\"value\":1}\n{\"value\":1,\"headers\":{\"h\":\"***\"}}"));
    assertEquals(2L, notBase64.details().get("line"));
    assertTrue(notBase64.getMessage().contains("not base64"), notBase64.getMessage());
    StreamSqlException repeated = assertThrows(StreamSqlException.class,
        () -> read("{\"value\":1,\"headers\":[{\"key\":\"h\",\"value\":\"YQ==\"},{\"key\":\"h\",\"value\":\"Yg==\"}]}"));
    assertTrue(repeated.getMessage().contains("repeats header 'h'"), repeated.getMessage());
    assertThrows(StreamSqlException.class, () -> read("{\"value\":1,\"headers\":\"h\"}"));
  }
}

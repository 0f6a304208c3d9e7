package io.streamsql.cluster.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class KafkaMessageDecoderTest {
  private static ConsumerRecord<byte[], byte[]> message(String key, String value) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("src", "abc".getBytes(StandardCharsets.UTF_8));
    return new ConsumerRecord<>("t", 1, 42, 1234L, TimestampType.CREATE_TIME, -1, -1,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8), value == null ? null : value.getBytes(StandardCharsets.UTF_8),
        headers, Optional.empty());
  }

  private static String value(StoredRecord r) {
    return r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
  }

  @Test
  void jsonValuesAreStoredCompactWithTheKafkaKeyAsAJsonStringTheTimestampAndHeaders() throws Exception {
    StoredRecord r = new KafkaMessageDecoder("json", "kafka", List.of()).decode(message("user \"1\"", "{ \"a\" : 1.10 }"));
    assertEquals("{\"a\":1.10}", value(r));
    assertEquals("\"user \\\"1\\\"\"", r.key());
    assertEquals(1234L, r.timestamp());
    assertEquals(Base64.getEncoder().encodeToString("abc".getBytes(StandardCharsets.UTF_8)), r.headers().get("src"));
  }

  @Test
  void keyFormatsJsonAndNoneAndAMissingKey() throws Exception {
    assertEquals("{\"id\":7}", new KafkaMessageDecoder("json", "json", List.of()).decode(message("{ \"id\": 7 }", "1")).key());
    assertNull(new KafkaMessageDecoder("json", "none", List.of()).decode(message("k", "1")).key());
    assertNull(new KafkaMessageDecoder("json", "kafka", List.of()).decode(message(null, "1")).key());
  }

  @Test
  void delimitedValuesBecomeObjectsByColumnsOrArraysWithQuotedCommas() throws Exception {
    KafkaMessageDecoder named = new KafkaMessageDecoder("csv", "none", List.of("id", "name"));
    assertEquals("{\"id\":\"1\",\"name\":\"Smith, \\\"Ann\\\"\"}", value(named.decode(message(null, "1,\"Smith, \"\"Ann\"\"\""))));
    assertEquals("[\"a\",\"\",\"c\"]", value(new KafkaMessageDecoder("delimited", "none", List.of()).decode(message(null, "a,,c"))));
    var wrongCount = assertThrows(KafkaMessageDecoder.Undecodable.class, () -> named.decode(message(null, "1,2,3")));
    assertTrue(wrongCount.getMessage().contains("t/1@42"), wrongCount.getMessage());
  }

  @Test
  void kafkaFormatIsTheTextAsAJsonStringAndATombstoneStaysNull() throws Exception {
    KafkaMessageDecoder text = new KafkaMessageDecoder("kafka", "kafka", List.of());
    assertEquals("\"not {json\"", value(text.decode(message("k", "not {json"))));
    assertNull(text.decode(message("k", null)).value());
  }

  @Test
  void badJsonIsUndecodableNamingTheMessageAndUnknownFormatsAreRefused() {
    var bad = assertThrows(KafkaMessageDecoder.Undecodable.class,
        () -> new KafkaMessageDecoder("json", "kafka", List.of()).decode(message("k", "{oops")));
    assertTrue(bad.getMessage().contains("t/1@42") && bad.getMessage().contains("not valid JSON"), bad.getMessage());
    assertThrows(StreamSqlException.class, () -> KafkaMessageDecoder.validate("avro", "kafka"));
    assertThrows(StreamSqlException.class, () -> KafkaMessageDecoder.validate("json", "xml"));
  }
}

package io.streamsql.core.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads raw log records, one JSON object per record: {@code {"key", "value", "timestamp"?,
 * "partition"?, "headers"?}}; headers are {@code {"name": "<base64>"}} or Kafka REST's
 * {@code [{"key": "name", "value": "<base64>"}]}, one value per name. {@code value: null} (or no value) is a tombstone; the key may be any JSON value
 * (objects and arrays are the keys of JSON STRUCT, ARRAY and multi-column key formats) or null.
 * Key and value are kept as compact JSON with every number exactly as written.
 */
public final class TopicRecordReader implements RecordReader {
  private final JsonRecordReader objects;

  public TopicRecordReader(int maxRecordBytes) {
    this.objects = new JsonRecordReader(null, maxRecordBytes);
  }

  @Override
  public void feed(byte[] chunk, List<ParsedRecord> out) {
    List<ParsedRecord> raw = new ArrayList<>();
    try {
      objects.feed(chunk, raw);
    } finally {
      convert(raw, out);
    }
  }

  @Override
  public void finish(List<ParsedRecord> out) {
    List<ParsedRecord> raw = new ArrayList<>();
    try {
      objects.finish(raw);
    } finally {
      convert(raw, out);
    }
  }

  private static void convert(List<ParsedRecord> raw, List<ParsedRecord> out) {
    for (ParsedRecord r : raw) out.add(envelope(r));
  }

  /** The record an envelope describes; the envelope is one compact JSON object the reader accepted. */
  private static ParsedRecord envelope(ParsedRecord r) {
    String key = null;
    byte[] value = null;
    Long timestamp = null;
    Integer partition = null;
    java.util.Map<String, String> headers = java.util.Map.of();
    try (JsonParser p = Json.MAPPER.getFactory().createParser(r.valueJson())) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken token = p.nextToken();
        boolean isNull = token == JsonToken.VALUE_NULL;
        switch (field) {
          case "key" -> key = isNull ? null : new String(copy(p), StandardCharsets.UTF_8);
          case "value" -> value = isNull ? null : copy(p);
          case "timestamp" -> {
            if (!isNull && !isLong(p)) throw bad(r, "has a timestamp that is not epoch milliseconds (an integer)");
            timestamp = isNull ? null : p.getLongValue();
          }
          case "partition" -> {
            if (!isNull && (!isLong(p) || p.getLongValue() < 0 || p.getLongValue() > Integer.MAX_VALUE)) {
              throw bad(r, "has a partition that is not a non-negative integer");
            }
            partition = isNull ? null : p.getIntValue();
          }
          case "headers" -> headers = isNull ? java.util.Map.of() : RecordHeaders.read(p, message -> bad(r, message));
          default -> throw bad(r, "has unknown field '" + Excerpt.of(field) + "'; records take key, value, timestamp, partition, headers");
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("re-reading a record the parser accepted", e);
    }
    return new ParsedRecord(value, key, r.line(), partition, timestamp, headers);
  }

  private static boolean isLong(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
  }

  /** The value at the parser as compact JSON bytes, numbers as written. */
  private static byte[] copy(JsonParser p) throws IOException {
    ByteArrayBuilder bytes = new ByteArrayBuilder(128);
    try (JsonGenerator out = Json.MAPPER.getFactory().createGenerator(bytes)) {
      JsonCopy.copyValue(p, out);
    }
    return bytes.toByteArray();
  }

  private static StreamSqlException bad(ParsedRecord r, String problem) {
    return new StreamSqlException(ErrorCode.MALFORMED_RECORD, "The record at line " + r.line() + " " + problem, Map.of("line", r.line()));
  }
}

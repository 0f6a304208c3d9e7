package io.streamsql.core.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads raw log records, one JSON object per record: {@code {"key", "value", "timestamp"?,
 * "partition"?}}. {@code value: null} (or no value) is a tombstone; the key may be any JSON
 * scalar or null.
 */
public final class TopicRecordReader implements RecordReader {
  private static final Set<String> FIELDS = Set.of("key", "value", "timestamp", "partition");
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

  private static ParsedRecord envelope(ParsedRecord r) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(r.valueJson());
    } catch (IOException e) {
      throw new IllegalStateException("re-reading a record the parser accepted", e);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) throw bad(r, "has unknown field '" + field + "'; records take key, value, timestamp, partition");
    }
    JsonNode key = node.get("key");
    if (key != null && (key.isObject() || key.isArray())) throw bad(r, "has a key that is not a string, number, boolean or null");
    JsonNode value = node.get("value");
    JsonNode ts = node.get("timestamp");
    if (ts != null && !ts.isNull() && !ts.canConvertToLong()) throw bad(r, "has a timestamp that is not epoch milliseconds");
    JsonNode partition = node.get("partition");
    if (partition != null && !partition.isNull() && (!partition.canConvertToInt() || partition.intValue() < 0)) {
      throw bad(r, "has a partition that is not a non-negative integer");
    }
    try {
      return new ParsedRecord(
          value == null || value.isNull() ? null : Json.MAPPER.writeValueAsBytes(value),
          key == null || key.isNull() ? null : key.toString(),
          r.line(),
          partition == null || partition.isNull() ? null : partition.intValue(),
          ts == null || ts.isNull() ? null : ts.longValue());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static StreamSqlException bad(ParsedRecord r, String problem) {
    return new StreamSqlException(ErrorCode.MALFORMED_RECORD, "The record at line " + r.line() + " " + problem, Map.of("line", r.line()));
  }
}

package io.streamsql.http.streams;

import io.streamsql.cluster.streams.AppendSummary;
import io.streamsql.cluster.streams.LogEntry;
import io.streamsql.cluster.streams.StreamDescription;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.PartitionState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.util.ByteString;

/** How streams, upload results and records look in the native API's JSON. */
public final class StreamJson {
  private StreamJson() {}

  static Map<String, Object> definition(StreamDefinition def) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", def.name());
    m.put("partitions", def.partitions());
    m.put("retention_policy", def.retention().spec());
    m.put("created_at", Instant.ofEpochMilli(def.createdAt()).toString());
    return m;
  }

  static Map<String, Object> description(StreamDescription d) {
    Map<String, Object> m = definition(d.definition());
    long records = 0;
    long bytes = 0;
    List<Map<String, Object>> parts = new ArrayList<>();
    for (int p = 0; p < d.partitions().size(); p++) {
      PartitionState s = d.partitions().get(p);
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("partition", p);
      pm.put("start_offset", s.startOffset());
      pm.put("next_offset", s.nextOffset());
      pm.put("records", s.retainedRecords());
      pm.put("bytes", s.retainedBytes());
      pm.put("segments", s.segments().size());
      parts.add(pm);
      records += s.retainedRecords();
      bytes += s.retainedBytes();
    }
    m.put("records", records);
    m.put("bytes", bytes);
    m.put("partition_details", parts);
    return m;
  }

  /** The response to an upload: its summary, or its error with exactly what was appended before it. */
  public static org.apache.pekko.http.javadsl.model.HttpResponse uploadResponse(String field, String name, AppendSummary summary) {
    if (summary.error() == null) return io.streamsql.http.JsonResponses.ok(summary(field, name, summary));
    var e = summary.error();
    Map<String, Object> details = new LinkedHashMap<>(e.details());
    details.put("appended", summary(field, name, summary));
    return io.streamsql.http.JsonResponses.error(new io.streamsql.core.error.StreamSqlException(e.code(), e.getMessage(), details));
  }

  static Map<String, Object> summary(String stream, AppendSummary s) {
    return summary("stream", stream, s);
  }

  public static Map<String, Object> summary(String field, String name, AppendSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(field, name);
    m.put("records", s.records());
    List<Map<String, Object>> parts = new ArrayList<>();
    s.partitions().forEach((p, range) -> {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("partition", p);
      pm.put("first_offset", range.firstOffset());
      pm.put("last_offset", range.lastOffset());
      pm.put("records", range.records());
      parts.add(pm);
    });
    m.put("partitions", parts);
    return m;
  }

  private static final byte[] PARTITION = "{\"partition\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OFFSET = ",\"offset\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TIMESTAMP = ",\"timestamp\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY = ",\"key\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VALUE = ",\"value\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEADERS = ",\"headers\":".getBytes(StandardCharsets.US_ASCII);

  private static byte[] headersJson(java.util.Map<String, String> headers) {
    try {
      return io.streamsql.core.format.Json.MAPPER.writeValueAsBytes(headers);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("headers are strings", e);
    }
  }

  /**
   * NDJSON lines of records. Keys and values are stored as JSON already, so lines are assembled
   * from bytes without parsing them again.
   */
  static ByteString ndjson(List<LogEntry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(entries.size() * 256);
    for (LogEntry e : entries) {
      out.writeBytes(PARTITION);
      out.writeBytes(Integer.toString(e.partition()).getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(OFFSET);
      out.writeBytes(Long.toString(e.offset()).getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(TIMESTAMP);
      out.writeBytes(Long.toString(e.record().timestamp()).getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(KEY);
      out.writeBytes(e.record().key() == null ? NULL : e.record().key().getBytes(StandardCharsets.UTF_8));
      out.writeBytes(VALUE);
      out.writeBytes(e.record().value() == null ? NULL : e.record().value());
      if (!e.record().headers().isEmpty()) {
        // Only records that carry headers get the field, so the common line stays as it was.
        out.writeBytes(HEADERS);
        out.writeBytes(headersJson(e.record().headers()));
      }
      out.write('}');
      out.write('\n');
    }
    return ByteString.fromArrayUnsafe(out.toByteArray());
  }
}

package io.streamsql.core.sql.fn;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Any SQL value as JSON text, the way ksqlDB's TO_JSON_STRING writes it: temporal values as ISO
 * text (TIMESTAMP in UTC with milliseconds, TIME to the second), BYTES as base64, and the fields
 * of maps and structs sorted by name.
 */
final class JsonText {
  private JsonText() {}

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  static String of(Object value) {
    try {
      return JsonFunctions.EXACT.writeValueAsString(plain(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JSON serialization error: " + e.getMessage(), e);
    }
  }

  /** The value with every SQL-specific type replaced by what JSON can hold. */
  private static Object plain(Object value) {
    if (value instanceof Instant t) return TIMESTAMP.format(t);
    if (value instanceof LocalDate d) return d.toString();
    if (value instanceof LocalTime t) return t.truncatedTo(ChronoUnit.SECONDS).toString();
    if (value instanceof ByteBuffer b) {
      ByteBuffer copy = b.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof Map<?, ?> m) {
      // Structs are maps of field name to value here, so both get sorted keys, as in ksqlDB.
      Map<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) sorted.put(String.valueOf(e.getKey()), plain(e.getValue()));
      return sorted;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) out.add(plain(o));
      return out;
    }
    return value;
  }
}

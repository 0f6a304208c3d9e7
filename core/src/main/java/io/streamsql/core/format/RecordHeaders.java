package io.streamsql.core.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The headers of a raw log record as a client writes them: an object of name → base64 value, or
 * Kafka REST's array of {@code {"key"|"name": name, "value": base64}}. A log record keeps one value
 * per name (a repeated name is refused rather than silently collapsed).
 */
final class RecordHeaders {
  private RecordHeaders() {}

  /** Reads the headers at the parser's current token (START_OBJECT or START_ARRAY). */
  static Map<String, String> read(JsonParser p, Function<String, StreamSqlException> bad) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    if (p.currentToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        put(headers, name, value(p, name, bad), bad);
      }
      return headers;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw bad.apply("has headers that are neither an object of name: base64 nor an array of {key, value}");
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String name = null;
      String value = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "key", "name" -> name = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
          case "value" -> value = value(p, name == null ? "?" : name, bad);
          default -> throw bad.apply("has a header with unknown field '" + Excerpt.of(field) + "'; headers take key and value");
        }
      }
      if (name == null) throw bad.apply("has a header without a string key");
      put(headers, name, value, bad);
    }
    if (p.currentToken() != JsonToken.END_ARRAY) throw bad.apply("has headers that are not an array of {key, value} objects");
    return headers;
  }

  /** A header value: base64 text (checked), or null for a header without a value. */
  private static String value(JsonParser p, String name, Function<String, StreamSqlException> bad) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) return null;
    if (p.currentToken() != JsonToken.VALUE_STRING) throw bad.apply("has header '" + Excerpt.of(name) + "' whose value is not base64 text");
    String text = p.getText();
    try {
      Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw bad.apply("has header '" + Excerpt.of(name) + "' whose value is not base64: " + Excerpt.of(text));
    }
    return text;
  }

  private static void put(Map<String, String> headers, String name, String value, Function<String, StreamSqlException> bad) {
    if (headers.containsKey(name)) throw bad.apply("repeats header '" + Excerpt.of(name) + "'; a record keeps one value per header name");
    headers.put(name, value);
  }
}

package io.streamsql.cluster.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import io.streamsql.core.format.JsonText;
import io.streamsql.core.log.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns one Kafka message into a stream record: the key by {@code key_format}, the value by
 * {@code format}, the Kafka timestamp as the record's timestamp (so a replay after a crash makes
 * the very same record) and the headers as base64. A message that cannot be decoded raises
 * {@link Undecodable}; the runner counts and skips it.
 */
public final class KafkaMessageDecoder {
  public static final Set<String> FORMATS = Set.of("json", "delimited", "csv", "kafka");
  public static final Set<String> KEY_FORMATS = Set.of("kafka", "json", "none");

  /** A message this decoder cannot read; {@code getMessage()} says where and why. */
  public static final class Undecodable extends Exception {
    Undecodable(String message) {
      super(message, null, false, false);
    }
  }

  private final String format;
  private final String keyFormat;
  private final List<String> columns;

  public KafkaMessageDecoder(String format, String keyFormat, List<String> columns) {
    this.format = format;
    this.keyFormat = keyFormat;
    this.columns = columns == null ? List.of() : columns;
  }

  /** Refuses formats this decoder does not know (400 invalid_request). */
  public static void validate(String format, String keyFormat) {
    if (!FORMATS.contains(format)) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Unknown format '" + format + "'; use json, delimited, csv or kafka",
          Map.of("format", format));
    }
    if (!KEY_FORMATS.contains(keyFormat)) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Unknown key_format '" + keyFormat + "'; use kafka, json or none",
          Map.of("key_format", keyFormat));
    }
  }

  public StoredRecord decode(ConsumerRecord<byte[], byte[]> message) throws Undecodable {
    String where = message.topic() + "/" + message.partition() + "@" + message.offset();
    return new StoredRecord(key(message.key(), where), value(message.value(), where), message.timestamp(), headers(message));
  }

  /** The record key as JSON text, or null. */
  String key(byte[] key, String where) throws Undecodable {
    if (key == null || "none".equals(keyFormat)) return null;
    if ("json".equals(keyFormat)) return new String(parse(key, "key", where), StandardCharsets.UTF_8);
    return Json.MAPPER.getNodeFactory().textNode(new String(key, StandardCharsets.UTF_8)).toString();
  }

  byte[] value(byte[] value, String where) throws Undecodable {
    if (value == null) return null;
    try {
      return switch (format) {
        case "json" -> parse(value, "value", where);
        case "kafka" -> Json.MAPPER.writeValueAsBytes(new String(value, StandardCharsets.UTF_8));
        default -> Json.MAPPER.writeValueAsBytes(delimited(new String(value, StandardCharsets.UTF_8), where));
      };
    } catch (IOException e) {
      throw new Undecodable("Message " + where + ": " + e.getMessage());
    }
  }

  /** The JSON value, compact and with numbers exactly as written. */
  private static byte[] parse(byte[] bytes, String what, String where) throws Undecodable {
    try {
      return JsonText.compact(bytes);
    } catch (IOException e) {
      String detail = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new Undecodable("Message " + where + ": the " + what + " is not valid JSON: " + detail);
    }
  }

  /** Comma-separated fields (a field in double quotes may hold commas; "" is a quote) → an object by {@code columns}, else an array. */
  private JsonNode delimited(String line, String where) throws Undecodable {
    List<String> fields = split(line, where);
    if (columns.isEmpty()) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      fields.forEach(array::add);
      return array;
    }
    if (fields.size() != columns.size()) {
      throw new Undecodable("Message " + where + ": " + fields.size() + " fields, but " + columns.size() + " columns " + columns);
    }
    ObjectNode object = Json.MAPPER.createObjectNode();
    for (int i = 0; i < fields.size(); i++) object.put(columns.get(i), fields.get(i));
    return object;
  }

  static List<String> split(String line, String where) throws Undecodable {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) throw new Undecodable("Message " + where + ": unterminated quoted field");
    fields.add(field.toString());
    return fields;
  }

  private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> message) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : message.headers()) {
      headers.put(h.key(), h.value() == null ? null : Base64.getEncoder().encodeToString(h.value()));
    }
    return headers;
  }
}

package io.streamsql.core.sql.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.streamsql.core.format.Json;
import io.streamsql.core.sql.serde.DeserializationException;
import io.streamsql.core.sql.serde.JsonValues;
import java.io.IOException;

/** The JSON of stored keys and values, read with exact decimals and written with plain decimals. */
public final class RecordJson {
  private static final ObjectReader READER = Json.MAPPER.reader(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .with(JsonValues.NODES);
  private static final ObjectWriter WRITER = Json.MAPPER.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private RecordJson() {}

  public static JsonNode read(byte[] bytes) {
    if (bytes == null) return null;
    try {
      return READER.readTree(bytes);
    } catch (IOException e) {
      throw new DeserializationException("Stored value is not JSON: " + e.getMessage(), e);
    }
  }

  public static JsonNode read(String text) {
    if (text == null) return null;
    try {
      return READER.readTree(text);
    } catch (IOException e) {
      throw new DeserializationException("Stored key is not JSON: " + e.getMessage(), e);
    }
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return node == null ? null : WRITER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String text(JsonNode node) {
    try {
      return node == null || node.isNull() ? null : WRITER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

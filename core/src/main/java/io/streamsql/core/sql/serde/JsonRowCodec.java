package io.streamsql.core.sql.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.streamsql.core.format.Json;
import io.streamsql.core.sql.SqlType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON object format of a row, read and written with Jackson's streaming parser and
 * generator rather than through a tree: the hot path of a query. Field names match columns
 * exactly first, then case-insensitively (as {@link JsonValues#field} does); nested values go
 * through {@link JsonValues}.
 */
final class JsonRowCodec {
  private static final ObjectReader TREES = Json.MAPPER.reader(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).with(JsonValues.NODES);

  private final List<Serde.Column> columns;
  private final Map<String, Integer> exact = new HashMap<>();
  private final Map<String, Integer> folded = new HashMap<>();
  private final String side;

  JsonRowCodec(List<Serde.Column> columns, String side) {
    this.columns = columns;
    this.side = side;
    for (int i = 0; i < columns.size(); i++) {
      exact.put(columns.get(i).name(), i);
      folded.putIfAbsent(columns.get(i).name().toUpperCase(Locale.ROOT), i);
    }
  }

  /** Reads an object into {@code row[offset…]}; false when the record is JSON null (a tombstone). */
  boolean read(byte[] bytes, Object[] row, int offset) {
    try (JsonParser p = Json.MAPPER.createParser(bytes)) {
      JsonToken t = p.nextToken();
      if (t == null || t == JsonToken.VALUE_NULL) return false;
      if (t != JsonToken.START_OBJECT) {
        throw new DeserializationException("Can't convert type. sourceType: " + t + ", requiredType: STRUCT, " + side
            + " must be a JSON object");
      }
      for (int i = 0; i < columns.size(); i++) row[offset + i] = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        Integer index = exact.get(name);
        if (index == null) index = folded.get(name.toUpperCase(Locale.ROOT));
        JsonToken value = p.nextToken();
        if (index == null) {
          p.skipChildren();
          continue;
        }
        Serde.Column c = columns.get(index);
        row[offset + index] = readValue(p, value, c.type(), side + " column " + c.name());
      }
      return true;
    } catch (IOException e) {
      throw new DeserializationException("Stored " + side + " is not JSON: " + e.getMessage(), e);
    }
  }

  private static Object readValue(JsonParser p, JsonToken t, SqlType type, String where) throws IOException {
    if (t == JsonToken.VALUE_NULL) return null;
    if (type instanceof SqlType.Primitive prim) {
      switch (prim.base()) {
        case INT -> {
          if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) return p.getIntValue();
        }
        case BIGINT -> {
          if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) return p.getLongValue();
        }
        case DOUBLE -> {
          if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) return p.getDoubleValue();
        }
        case STRING -> {
          if (t.isScalarValue()) return p.getText();
        }
        case BOOLEAN -> {
          if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) return t == JsonToken.VALUE_TRUE;
        }
        default -> { }
      }
    } else if (type instanceof SqlType.Decimal d && (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT)) {
      BigDecimal v = p.getDecimalValue();
      BigDecimal scaled = v.setScale(d.scale(), RoundingMode.HALF_UP);
      if (scaled.precision() > d.precision() && scaled.signum() != 0) {
        throw new DeserializationException("Value " + v + " does not fit " + type.sql() + " for " + where);
      }
      return scaled;
    }
    JsonNode tree = TREES.readTree(p);
    return JsonValues.read(tree, type, where);
  }

  /** The JSON object of the given column values. */
  byte[] write(Object[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 24 * values.length);
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      g.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
      g.writeStartObject();
      for (int i = 0; i < columns.size(); i++) {
        g.writeFieldName(columns.get(i).name());
        writeValue(g, values[i], columns.get(i).type());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private static void writeValue(JsonGenerator g, Object v, SqlType type) throws IOException {
    if (v == null) g.writeNull();
    else if (v instanceof String s) g.writeString(s);
    else if (v instanceof Integer i) g.writeNumber(i);
    else if (v instanceof Long l) g.writeNumber(l);
    else if (v instanceof Double d) g.writeNumber(d);
    else if (v instanceof Boolean b) g.writeBoolean(b);
    else if (v instanceof BigDecimal b) g.writeNumber(b);
    else g.writeTree(JsonValues.write(v, type));
  }
}

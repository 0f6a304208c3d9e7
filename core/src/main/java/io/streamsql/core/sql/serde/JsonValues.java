package io.streamsql.core.sql.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.expr.Casts;
import io.streamsql.core.sql.expr.Timestamps;
import io.streamsql.core.sql.expr.ValueText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL values to and from JSON as ksqlDB's JSON format has them: numbers and text convert into
 * each other where unambiguous, struct fields match case-insensitively, DECIMAL is a JSON number,
 * TIMESTAMP epoch millis, DATE epoch days, TIME millis of the day, BYTES base64 text.
 */
public final class JsonValues {
  public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private JsonValues() {}

  public static Object read(JsonNode n, SqlType type, String where) {
    if (n == null || n.isNull() || n.isMissingNode()) return null;
    try {
      return readValue(n, type, where);
    } catch (DeserializationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DeserializationException("Can't convert " + describe(n) + " to " + type.sql() + " for " + where + ": " + e.getMessage(), e);
    }
  }

  private static String describe(JsonNode n) {
    String s = n.toString();
    return "value " + (s.length() > 100 ? s.substring(0, 100) + "…" : s);
  }

  private static Object readValue(JsonNode n, SqlType type, String where) {
    if (type instanceof SqlType.Decimal d) {
      BigDecimal v = n.isNumber() ? n.decimalValue() : n.isTextual() ? new BigDecimal(n.asText().trim()) : (BigDecimal) fail(n, type, where);
      BigDecimal scaled = v.setScale(d.scale(), RoundingMode.HALF_UP);
      if (scaled.precision() > d.precision() && scaled.signum() != 0) {
        throw new DeserializationException("Value " + v + " does not fit " + type.sql() + " for " + where);
      }
      return scaled;
    }
    if (type instanceof SqlType.Array a) {
      if (!n.isArray()) return fail(n, type, where);
      List<Object> out = new ArrayList<>(n.size());
      for (JsonNode e : n) out.add(read(e, a.element(), where));
      return out;
    }
    if (type instanceof SqlType.Map m) {
      if (!n.isObject()) return fail(n, type, where);
      // A hash map sized like ksqlDB's JSON deserializer makes, so functions that walk a map
      // (REDUCE, MAP_KEYS, ENTRIES unsorted) see the entries in the order ksqlDB sees them.
      Map<Object, Object> out = new HashMap<>(n.size());
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        out.put(read(NODES.textNode(e.getKey()), m.key(), where), read(e.getValue(), m.value(), where));
      }
      return out;
    }
    if (type instanceof SqlType.Struct s) {
      if (!n.isObject()) return fail(n, type, where);
      Map<String, Object> out = new LinkedHashMap<>();
      for (SqlType.Field f : s.fields()) out.put(f.name(), read(field(n, f.name()), f.type(), where));
      return out;
    }
    SqlType.Base base = ((SqlType.Primitive) type).base();
    return switch (base) {
      case BOOLEAN -> n.isBoolean() ? n.booleanValue() : n.isTextual() ? textBoolean(n, type, where) : fail(n, type, where);
      case INT -> n.isIntegralNumber() && n.canConvertToInt() ? (Object) n.intValue()
          : n.isTextual() ? (Object) Integer.parseInt(n.asText().trim())
          : n.isNumber() ? (Object) n.intValue() : fail(n, type, where);
      case BIGINT -> n.isIntegralNumber() && n.canConvertToLong() ? (Object) n.longValue()
          : n.isTextual() ? (Object) Long.parseLong(n.asText().trim())
          : n.isNumber() ? (Object) n.longValue() : fail(n, type, where);
      case DOUBLE -> n.isNumber() ? (Object) n.doubleValue() : n.isTextual() ? (Object) Double.parseDouble(n.asText().trim()) : fail(n, type, where);
      case STRING -> n.isTextual() ? n.asText() : n.isValueNode() ? n.asText() : n.toString();
      case BYTES -> n.isTextual() ? ByteBuffer.wrap(Base64.getDecoder().decode(n.asText())) : fail(n, type, where);
      case DATE -> n.isIntegralNumber() ? LocalDate.ofEpochDay(n.longValue()) : n.isTextual() ? LocalDate.parse(n.asText()) : fail(n, type, where);
      case TIME -> n.isIntegralNumber() ? LocalTime.ofNanoOfDay(n.longValue() * 1_000_000L) : n.isTextual() ? LocalTime.parse(n.asText()) : fail(n, type, where);
      case TIMESTAMP -> n.isIntegralNumber() ? Instant.ofEpochMilli(n.longValue()) : n.isTextual() ? Timestamps.parseIso(n.asText()) : fail(n, type, where);
    };
  }

  private static Object textBoolean(JsonNode n, SqlType type, String where) {
    String t = n.asText().trim();
    if (t.equalsIgnoreCase("true")) return true;
    if (t.equalsIgnoreCase("false")) return false;
    return fail(n, type, where);
  }

  /** A field of an object by exact name, else by case-insensitive name. */
  public static JsonNode field(JsonNode object, String name) {
    JsonNode exact = object.get(name);
    if (exact != null) return exact;
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (f.equalsIgnoreCase(name)) return object.get(f);
    }
    return null;
  }

  private static Object fail(JsonNode n, SqlType type, String where) {
    throw new DeserializationException("Can't convert " + describe(n) + " to " + type.sql() + " for " + where);
  }

  public static JsonNode write(Object v, SqlType type) {
    if (v == null) return NODES.nullNode();
    if (type instanceof SqlType.Decimal) return NODES.numberNode((BigDecimal) v);
    if (type instanceof SqlType.Array a) {
      ArrayNode out = NODES.arrayNode();
      for (Object e : (List<?>) v) out.add(write(e, a.element()));
      return out;
    }
    if (type instanceof SqlType.Map m) {
      ObjectNode out = NODES.objectNode();
      // A null key (MAP(NULL := v) or a failed key) is written as the text "null", as ksqlDB's JSON serializer writes it.
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        out.set(e.getKey() == null ? "null" : ValueText.toText(e.getKey()), write(e.getValue(), m.value()));
      }
      return out;
    }
    if (type instanceof SqlType.Struct s) {
      ObjectNode out = NODES.objectNode();
      Map<?, ?> struct = (Map<?, ?>) v;
      for (SqlType.Field f : s.fields()) out.set(f.name(), write(struct.get(f.name()), f.type()));
      return out;
    }
    if (type instanceof SqlType.Null) return NODES.nullNode();
    return switch (((SqlType.Primitive) type).base()) {
      case BOOLEAN -> NODES.booleanNode((Boolean) v);
      case INT -> NODES.numberNode((Integer) v);
      case BIGINT -> NODES.numberNode((Long) v);
      case DOUBLE -> NODES.numberNode((Double) v);
      case STRING -> NODES.textNode((String) v);
      case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString(ValueText.bytes((ByteBuffer) v)));
      case DATE -> NODES.numberNode((int) ((LocalDate) v).toEpochDay());
      case TIME -> NODES.numberNode((int) (((LocalTime) v).toNanoOfDay() / 1_000_000L));
      case TIMESTAMP -> NODES.numberNode(((Instant) v).toEpochMilli());
    };
  }

  /** Parses the text of a DELIMITED field as a value of {@code type}. */
  public static Object fromText(String text, SqlType type, String where) {
    if (text == null || text.isEmpty()) return null;
    if (type instanceof SqlType.Primitive p && p.base() == SqlType.Base.STRING) return text;
    try {
      if (type instanceof SqlType.Primitive p) {
        return switch (p.base()) {
          case TIMESTAMP -> Instant.ofEpochMilli(Long.parseLong(text.trim()));
          case DATE -> LocalDate.ofEpochDay(Long.parseLong(text.trim()));
          case TIME -> LocalTime.ofNanoOfDay(Long.parseLong(text.trim()) * 1_000_000L);
          case BYTES -> ByteBuffer.wrap(Base64.getDecoder().decode(text.trim()));
          default -> Casts.converter(io.streamsql.core.sql.SqlTypes.STRING, type).apply(text);
        };
      }
      return Casts.converter(io.streamsql.core.sql.SqlTypes.STRING, type).apply(text);
    } catch (RuntimeException e) {
      throw new DeserializationException("Can't convert '" + text + "' to " + type.sql() + " for " + where, e);
    }
  }

  /** The text of a value in a DELIMITED field. */
  public static String toText(Object v, SqlType type) {
    if (v == null) return "";
    if (v instanceof Instant t) return String.valueOf(t.toEpochMilli());
    if (v instanceof LocalDate d) return String.valueOf(d.toEpochDay());
    if (v instanceof LocalTime t) return String.valueOf(t.toNanoOfDay() / 1_000_000L);
    return ValueText.toText(v);
  }
}

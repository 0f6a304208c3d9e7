package io.streamsql.cluster.sql.qtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON equality as ksqlDB's own QTT runner decides it (ExpectedRecordComparator): numbers compare
 * by value (1.0 = 1.00 = 1), and non-integral ones also as ksqlDB compares DOUBLEs — both read as a
 * double and equal exactly; an object has as many fields as expected, each found by its name or
 * its upper-cased name, a missing one counting as null (so an expected {"colors": …} matches the
 * column COLORS); text matches a decimal of the same value.
 */
public final class JsonMatch {
  private JsonMatch() {}

  public static boolean equal(JsonNode expected, JsonNode actual) {
    boolean expectedNull = expected == null || expected.isNull() || expected.isMissingNode();
    boolean actualNull = actual == null || actual.isNull() || actual.isMissingNode();
    if (expectedNull || actualNull) return expectedNull && actualNull;
    if (expected.isNumber() && actual.isNumber()) {
      if (expected.decimalValue().compareTo(actual.decimalValue()) == 0) return true;
      // A stored record does not say whether a number was a DOUBLE; non-integral ones also compare as
      // ksqlDB compares doubles: expected.doubleValue() == actual (exactly, no tolerance).
      return !expected.isIntegralNumber() && !actual.isIntegralNumber() && expected.doubleValue() == actual.doubleValue();
    }
    if (expected.isTextual() && actual.isNumber()) {
      try {
        return new java.math.BigDecimal(expected.asText()).compareTo(actual.decimalValue()) == 0;
      } catch (NumberFormatException notANumber) {
        return false;
      }
    }
    if (expected.isObject() && actual.isObject()) {
      if (expected.size() != actual.size()) return false;
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        var e = it.next();
        JsonNode field = actual.get(e.getKey());
        if (field == null || field.isNull()) field = actual.get(e.getKey().toUpperCase(java.util.Locale.ROOT));
        if (!equal(e.getValue(), field)) return false;
      }
      return true;
    }
    if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) return false;
      for (int i = 0; i < expected.size(); i++) if (!equal(expected.get(i), actual.get(i))) return false;
      return true;
    }
    return expected.equals(actual);
  }

  /** A text for grouping by key that ignores how a number is written. */
  public static String canonical(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return "null";
    if (n.isNumber()) return n.decimalValue().stripTrailingZeros().toPlainString();
    if (n.isObject()) {
      // Field order does not distinguish two JSON objects (keys of several columns compare as structs).
      java.util.TreeMap<String, String> fields = new java.util.TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        fields.put(e.getKey(), canonical(e.getValue()));
      }
      StringBuilder sb = new StringBuilder("{");
      fields.forEach((k, v) -> sb.append(k).append(':').append(v).append(','));
      return sb.append('}').toString();
    }
    if (n.isArray()) {
      StringBuilder sb = new StringBuilder("[");
      for (JsonNode e : n) sb.append(canonical(e)).append(',');
      return sb.append(']').toString();
    }
    return n.toString();
  }
}

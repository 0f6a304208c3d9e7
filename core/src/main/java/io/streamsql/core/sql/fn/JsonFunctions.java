package io.streamsql.core.sql.fn;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.sql.expr.Comparisons;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** ksqlDB's JSON string functions. Invalid JSON gives null, never an error. */
public final class JsonFunctions {
  private JsonFunctions() {}

  /** Numbers are kept exactly as written (1.10 stays 1.10), as ksqlDB's JSON functions keep them. */
  static final ObjectMapper EXACT = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private static final ObjectReader STRICT = EXACT.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The JSON value of the text, or null when it is null, empty or not valid JSON. */
  private static JsonNode parse(String s) {
    if (s == null) return null;
    try {
      JsonNode n = STRICT.readTree(s);
      // Empty or blank text reads as a "missing" node: it holds no JSON value.
      return n == null || n.isMissingNode() ? null : n;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  @Udf(name = "EXTRACTJSONFIELD", description = "The value at a JSONPath ($.a.b[0]) of a JSON string, as text.")
  public static String extractJsonField(String json, String path) {
    JsonNode node = parse(json);
    if (node == null || path == null) return null;
    String p = path.trim();
    if (!p.startsWith("$")) return null;
    int i = 1;
    while (i < p.length() && node != null) {
      char c = p.charAt(i);
      if (c == '.') {
        int j = i + 1;
        while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') j++;
        node = node.get(p.substring(i + 1, j));
        i = j;
      } else if (c == '[') {
        int j = p.indexOf(']', i);
        if (j < 0) return null;
        String inner = p.substring(i + 1, j).trim();
        if (inner.startsWith("'") || inner.startsWith("\"")) node = node.get(inner.substring(1, inner.length() - 1));
        else node = node.get(Integer.parseInt(inner));
        i = j + 1;
      } else {
        return null;
      }
    }
    if (node == null) return null;
    // Like ksqlDB, only strings come back unquoted; a JSON null present at the path is the text "null".
    return node.isTextual() ? node.asText() : node.toString();
  }

  @Udf(name = "IS_JSON_STRING", description = "Whether the string is valid JSON.")
  public static Boolean isJsonString(String s) {
    return s != null && parse(s) != null;
  }

  @Udf(name = "JSON_ARRAY_LENGTH", description = "The length of a JSON array string.")
  public static Integer jsonArrayLength(String s) {
    JsonNode n = parse(s);
    return n != null && n.isArray() ? n.size() : null;
  }

  @Udf(name = "JSON_ARRAY_CONTAINS", description = "Whether a JSON array string holds a value.")
  public static Boolean jsonArrayContains(String s, Object value) {
    JsonNode n = parse(s);
    if (n == null || !n.isArray()) return false;
    for (JsonNode e : n) {
      Object v = e.isNull() ? null : e.isTextual() ? e.asText() : e.isBoolean() ? (Object) e.asBoolean()
          : e.isIntegralNumber() ? (Object) e.asLong() : e.isNumber() ? (Object) e.asDouble() : null;
      if (v == null && value == null && e.isNull()) return true;
      if (v == null || value == null) continue;
      if (v instanceof Long l && value instanceof Integer i && l == i.longValue()) return true;
      if (v.getClass() == value.getClass() && Comparisons.equal(v, value)) return true;
    }
    return false;
  }

  @Udf(name = "JSON_CONCAT", description = "JSON objects merged (later keys win) or, when any value is not an object, "
      + "all values concatenated into one array (a non-array counts as a one-element array); null if any is null or invalid.")
  public static String jsonConcat(String... values) {
    List<JsonNode> nodes = new ArrayList<>(values.length);
    for (String s : values) {
      JsonNode n = parse(s);
      if (n == null) return null;
      nodes.add(n);
    }
    if (nodes.isEmpty()) return null;
    if (nodes.stream().allMatch(JsonNode::isObject)) {
      ObjectNode merged = EXACT.createObjectNode();
      for (JsonNode n : nodes) merged.setAll((ObjectNode) n);
      return merged.toString();
    }
    ArrayNode concatenated = EXACT.createArrayNode();
    for (JsonNode n : nodes) {
      if (n.isArray()) concatenated.addAll((ArrayNode) n);
      else concatenated.add(n);
    }
    return concatenated.toString();
  }

  @Udf(name = "JSON_ITEMS", description = "The elements of a JSON array string, each as JSON text.", returns = "ARRAY<STRING>")
  public static List<String> jsonItems(String s) {
    JsonNode n = parse(s);
    if (n == null || !n.isArray()) return null;
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode e : n) out.add(e.toString());
    return out;
  }

  @Udf(name = "TO_JSON_STRING", description = "The value as JSON text: DATE, TIME and TIMESTAMP as ISO text, BYTES as base64, "
      + "map and struct fields sorted by name.")
  public static String toJsonString(Object value) {
    return JsonText.of(value);
  }

  @Udf(name = "JSON_KEYS", description = "The keys of a JSON object string.", returns = "ARRAY<STRING>")
  public static List<String> jsonKeys(String s) {
    JsonNode n = parse(s);
    if (n == null || !n.isObject()) return null;
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Udf(name = "JSON_RECORDS", description = "The entries of a JSON object string, values as JSON text.", returns = "MAP<STRING,STRING>")
  public static Map<String, String> jsonRecords(String s) {
    JsonNode n = parse(s);
    if (n == null || !n.isObject()) return null;
    // Sized as ksqlDB sizes it, for ksqlDB's entry order.
    Map<String, String> out = new HashMap<>(n.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      var e = it.next();
      out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
    }
    return out;
  }
}

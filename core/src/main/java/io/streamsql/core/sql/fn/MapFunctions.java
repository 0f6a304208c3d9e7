package io.streamsql.core.sql.fn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ksqlDB's map functions. Maps they build are hash maps sized as ksqlDB sizes them, so functions
 * that walk them (MAP_KEYS, ENTRIES, REDUCE) see ksqlDB's entry order.
 */
public final class MapFunctions {
  private MapFunctions() {}

  @Udf(name = "MAP_KEYS", description = "The keys of the map.", returns = "ARRAY<K>")
  public static List<?> mapKeys(Map<?, ?> m) {
    return m == null ? null : new ArrayList<>(m.keySet());
  }

  @Udf(name = "MAP_VALUES", description = "The values of the map.", returns = "ARRAY<V>")
  public static List<?> mapValues(Map<?, ?> m) {
    return m == null ? null : new ArrayList<>(m.values());
  }

  @Udf(name = "MAP_UNION", description = "The entries of both maps; the second wins on equal keys.", returns = "MAP<K,V>")
  public static Map<?, ?> mapUnion(Map<?, ?> a, Map<?, ?> b) {
    if (a == null && b == null) return null;
    Map<Object, Object> out = new HashMap<>();
    if (a != null) out.putAll(a);
    if (b != null) out.putAll(b);
    return out;
  }

  @Udf(name = "AS_MAP", description = "A map from an array of keys and an array of values.", returns = "MAP<STRING,V>")
  public static Map<?, ?> asMap(@UdfParam("ARRAY<STRING>") List<?> keys, @UdfParam("ARRAY<V>") List<?> values) {
    if (keys == null || values == null) return null;
    Map<Object, Object> out = new HashMap<>(keys.size());
    for (int i = 0; i < keys.size(); i++) out.put(keys.get(i), i < values.size() ? values.get(i) : null);
    return out;
  }

  private static final String ENTRIES = "The entries of a map as an array of STRUCT<K, V>, sorted by key when the flag is true.";

  // ksqlDB has ENTRIES only for maps of these five value types; the overloads say so.
  @Udf(name = "ENTRIES", description = ENTRIES, returns = "ARRAY<STRUCT<K STRING, V INT>>")
  public static List<Map<String, Object>> entriesInt(@UdfParam("MAP<STRING,INT>") Map<String, ?> map, Boolean sorted) {
    return entries(map, sorted);
  }

  @Udf(name = "ENTRIES", description = ENTRIES, returns = "ARRAY<STRUCT<K STRING, V BIGINT>>")
  public static List<Map<String, Object>> entriesBigint(@UdfParam("MAP<STRING,BIGINT>") Map<String, ?> map, Boolean sorted) {
    return entries(map, sorted);
  }

  @Udf(name = "ENTRIES", description = ENTRIES, returns = "ARRAY<STRUCT<K STRING, V DOUBLE>>")
  public static List<Map<String, Object>> entriesDouble(@UdfParam("MAP<STRING,DOUBLE>") Map<String, ?> map, Boolean sorted) {
    return entries(map, sorted);
  }

  @Udf(name = "ENTRIES", description = ENTRIES, returns = "ARRAY<STRUCT<K STRING, V BOOLEAN>>")
  public static List<Map<String, Object>> entriesBoolean(@UdfParam("MAP<STRING,BOOLEAN>") Map<String, ?> map, Boolean sorted) {
    return entries(map, sorted);
  }

  @Udf(name = "ENTRIES", description = ENTRIES, returns = "ARRAY<STRUCT<K STRING, V STRING>>")
  public static List<Map<String, Object>> entriesString(@UdfParam("MAP<STRING,STRING>") Map<String, ?> map, Boolean sorted) {
    return entries(map, sorted);
  }

  private static List<Map<String, Object>> entries(Map<String, ?> map, Boolean sorted) {
    if (sorted == null) throw new IllegalArgumentException("ENTRIES needs a non-null sorted flag");
    if (map == null) return null;
    List<Map.Entry<String, ?>> entries = new ArrayList<>(map.entrySet());
    if (sorted) entries.sort((a, b) -> a.getKey().compareTo(b.getKey()));
    List<Map<String, Object>> out = new ArrayList<>(entries.size());
    for (Map.Entry<String, ?> e : entries) {
      Map<String, Object> struct = new LinkedHashMap<>();
      struct.put("K", e.getKey());
      struct.put("V", e.getValue());
      out.add(struct);
    }
    return out;
  }
}

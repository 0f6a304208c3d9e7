package io.streamsql.core.sql.fn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ksqlDB's map functions. */
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
    Map<Object, Object> out = new LinkedHashMap<>();
    if (a != null) out.putAll(a);
    if (b != null) out.putAll(b);
    return out;
  }

  @Udf(name = "AS_MAP", description = "A map from an array of keys and an array of values.", returns = "MAP<STRING,V>")
  public static Map<?, ?> asMap(@UdfParam("ARRAY<STRING>") List<?> keys, @UdfParam("ARRAY<V>") List<?> values) {
    if (keys == null || values == null) return null;
    Map<Object, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) out.put(keys.get(i), i < values.size() ? values.get(i) : null);
    return out;
  }
}

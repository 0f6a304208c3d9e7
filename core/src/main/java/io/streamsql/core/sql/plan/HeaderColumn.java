package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.expr.SqlErrors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A column read from the record's headers, as ksqlDB declares them: {@code h ARRAY<STRUCT<key
 * STRING, value BYTES>> HEADERS} (every header, in order) or {@code x BYTES HEADER('k')} (the last
 * header named k). Header columns are read-only: they are not part of the value.
 *
 * <p>A stored record keeps its headers as a map from name to the base64 of the header's bytes
 * (null for a header without a value), the encoding Confluent's REST Proxy uses for header values.
 */
public record HeaderColumn(String name, SqlType type, String key) {
  /** ksqlDB's only type for a HEADERS column. */
  public static final SqlType HEADERS_TYPE = new SqlType.Array(new SqlType.Struct(List.of(
      new SqlType.Field("KEY", SqlTypes.STRING), new SqlType.Field("VALUE", new SqlType.Primitive(SqlType.Base.BYTES)))));

  /** Whether this is the HEADERS column (all headers) rather than one HEADER('key'). */
  public boolean allHeaders() {
    return key == null;
  }

  /** The column's declaration suffix, as ksqlDB prints it. */
  public String constraint() {
    return allHeaders() ? "HEADERS" : "HEADER('" + key.replace("'", "''") + "')";
  }

  /** Refuses a type ksqlDB does not accept for this kind of header column (its parser's messages). */
  public static void checkType(SqlType type, String key) {
    if (key != null && !SqlTypes.isBase(type, SqlType.Base.BYTES)) {
      throw SqlErrors.of("Invalid type for HEADER('" + key + "') column: expected BYTES, got " + type.sql());
    }
    if (key == null && !type.sql().equals(HEADERS_TYPE.sql())) {
      throw SqlErrors.of("Invalid type for HEADERS column: expected " + HEADERS_TYPE.sql() + ", got " + type.sql());
    }
  }

  /** The column's value for a record with these headers. */
  public Object read(Map<String, String> headers) {
    if (!allHeaders()) return headers.containsKey(key) ? bytes(headers.get(key)) : null;
    List<Object> all = new ArrayList<>(headers.size());
    for (Map.Entry<String, String> h : headers.entrySet()) {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("KEY", h.getKey());
      header.put("VALUE", bytes(h.getValue()));
      all.add(header);
    }
    return all;
  }

  private static ByteBuffer bytes(String base64) {
    return base64 == null ? null : ByteBuffer.wrap(Base64.getDecoder().decode(base64));
  }
}

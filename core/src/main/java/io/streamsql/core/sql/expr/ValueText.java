package io.streamsql.core.sql.expr;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The text of a value as ksqlDB prints it in CAST(… AS STRING) and string concatenation. */
public final class ValueText {
  private ValueText() {}

  public static String toText(Object v) {
    if (v == null) return null;
    if (v instanceof String s) return s;
    if (v instanceof BigDecimal d) return d.toPlainString();
    if (v instanceof Instant t) return Timestamps.format(t);
    if (v instanceof ByteBuffer b) return Base64.getEncoder().encodeToString(bytes(b));
    if (v instanceof List<?> l) return l.stream().map(ValueText::nested).collect(Collectors.joining(", ", "[", "]"));
    if (v instanceof Map<?, ?> m) {
      return m.entrySet().stream().map(e -> nested(e.getKey()) + "=" + nested(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
    }
    return String.valueOf(v);
  }

  private static String nested(Object v) {
    return v == null ? "null" : toText(v);
  }

  public static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}

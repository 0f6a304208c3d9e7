package io.streamsql.cluster.sql.qtt.functions;

import java.util.Map;

/**
 * A struct written as Kafka Connect's {@code Struct.toString()} writes it ({@code Struct{A=bar}}:
 * fields in order, null fields left out), the text ksqlDB's TEST_UDTF returns for a struct.
 */
final class ConnectStructText {
  private ConnectStructText() {}

  static String of(Map<?, ?> struct) {
    if (struct == null) return null;
    StringBuilder sb = new StringBuilder("Struct{");
    boolean first = true;
    for (Map.Entry<?, ?> field : struct.entrySet()) {
      if (field.getValue() == null) continue;
      if (!first) sb.append(',');
      sb.append(field.getKey()).append('=').append(field.getValue());
      first = false;
    }
    return sb.append('}').toString();
  }
}

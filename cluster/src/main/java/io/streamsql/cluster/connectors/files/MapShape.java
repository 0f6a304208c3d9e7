package io.streamsql.cluster.connectors.files;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.Map;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * The key and value of a MAP-annotated group: {@code group (MAP) { repeated group key_value {
 * required key; optional value; } }}. Keys become JSON object keys, so they must be primitive.
 *
 * @param value null for a key-only map (a set), whose values read as JSON null
 */
record MapShape(Type key, Type value) {

  static MapShape of(GroupType map) {
    if (map.getFieldCount() != 1
        || map.getType(0).isPrimitive()
        || !map.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      throw invalid(map, "must hold exactly one repeated key/value group");
    }
    GroupType keyValue = map.getType(0).asGroupType();
    if (keyValue.getFieldCount() < 1 || keyValue.getFieldCount() > 2) {
      throw invalid(map, "must have a key and at most one value");
    }
    if (!keyValue.getType(0).isPrimitive()) {
      throw invalid(map, "has a non-primitive key, which StreamSQL cannot turn into a JSON key");
    }
    if (keyValue.getFieldCount() == 2 && keyValue.getType(1).isRepetition(Type.Repetition.REPEATED)) {
      // The spec has a map value be a LIST group when it holds many values.
      throw invalid(map, "has a repeated value without a LIST annotation");
    }
    return new MapShape(keyValue.getType(0), keyValue.getFieldCount() == 2 ? keyValue.getType(1) : null);
  }

  private static StreamSqlException invalid(GroupType map, String problem) {
    return new StreamSqlException(
        ErrorCode.INVALID_REQUEST,
        "Parquet MAP " + map.getName() + " " + problem,
        Map.of("column", map.getName()));
  }
}

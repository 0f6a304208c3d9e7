package io.streamsql.core.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.util.Map;

/**
 * Keys of table rows are JSON scalars, identified by their JSON text: the string "1" (text
 * {@code "1"}) and the number 1 (text {@code 1}) are different keys.
 */
public final class RowKeys {
  private RowKeys() {}

  /**
   * The key named by a URL path segment: a JSON scalar when the segment parses as one
   * ({@code 42}, {@code true}, {@code "42"}), otherwise the segment as a string ({@code user1}).
   */
  public static String fromPath(String segment) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(segment);
    } catch (JsonProcessingException notJson) {
      node = null;
    }
    try {
      if (node == null || node.isMissingNode()) return Json.MAPPER.writeValueAsString(segment);
      if (node.isTextual() || node.isNumber() || node.isBoolean()) return node.toString();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
        "A row key must be a string, number or boolean, not " + Excerpt.of(segment), Map.of("key", Excerpt.of(segment)));
  }
}

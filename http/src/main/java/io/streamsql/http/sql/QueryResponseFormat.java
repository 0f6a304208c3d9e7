package io.streamsql.http.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.sql.query.QueryResult;
import io.streamsql.core.format.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.util.ByteString;

/**
 * How a query's rows are written, in the three shapes ksqlDB clients read: {@code /query-stream}
 * delimited (a header object, then one JSON array per line), {@code /query-stream} JSON (one JSON
 * array: the header object, then the rows), and {@code /query}'s older chunked JSON array of
 * {@code {"header"}}, {@code {"row":{"columns"}}} and {@code {"finalMessage"}} objects.
 */
enum QueryResponseFormat {
  DELIMITED, JSON_ARRAY, LEGACY;

  ByteString header(QueryResult result) {
    return switch (this) {
      case DELIMITED -> line(headerObject(result));
      case JSON_ARRAY -> ByteString.fromString("[").concat(bytes(headerObject(result)));
      case LEGACY -> {
        Map<String, Object> header = new LinkedHashMap<>();
        if (result.queryId() != null) header.put("queryId", result.queryId());
        StringBuilder schema = new StringBuilder();
        for (int i = 0; i < result.columnNames().size(); i++) {
          if (i > 0) schema.append(", ");
          schema.append('`').append(result.columnNames().get(i)).append("` ").append(result.columnTypes().get(i));
        }
        header.put("schema", schema.toString());
        yield ByteString.fromString("[").concat(bytes(Map.of("header", header)));
      }
    };
  }

  ByteString row(List<JsonNode> row) {
    return switch (this) {
      case DELIMITED -> line(row);
      case JSON_ARRAY -> ByteString.fromString(",\n").concat(bytes(row));
      case LEGACY -> ByteString.fromString(",\n").concat(bytes(Map.of("row", Map.of("columns", row))));
    };
  }

  /** An error after the header: written into the stream, after which the response ends. */
  ByteString error(Map<String, Object> error) {
    return switch (this) {
      case DELIMITED -> line(error);
      case JSON_ARRAY, LEGACY -> ByteString.fromString(",\n").concat(bytes(error)).concat(ByteString.fromString("]\n"));
    };
  }

  /** The end of a response whose rows ended normally; {@code limitReached} when a LIMIT ended a push query. */
  ByteString end(boolean limitReached) {
    return switch (this) {
      case DELIMITED -> ByteString.emptyByteString();
      case JSON_ARRAY -> ByteString.fromString("]\n");
      case LEGACY -> limitReached
          ? ByteString.fromString(",\n").concat(bytes(Map.of("finalMessage", "Limit Reached"))).concat(ByteString.fromString("]\n"))
          : ByteString.fromString("]\n");
    };
  }

  private static Map<String, Object> headerObject(QueryResult result) {
    Map<String, Object> header = new LinkedHashMap<>();
    if (result.queryId() != null) header.put("queryId", result.queryId());
    header.put("columnNames", result.columnNames());
    header.put("columnTypes", result.columnTypes());
    return header;
  }

  private static ByteString line(Object value) {
    return bytes(value).concat(ByteString.fromString("\n"));
  }

  private static ByteString bytes(Object value) {
    try {
      return ByteString.fromArray(Json.MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

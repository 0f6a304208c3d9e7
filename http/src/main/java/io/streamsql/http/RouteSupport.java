package io.streamsql.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** What the native API's routes share: error-safe completion and strict JSON request bodies. */
public abstract class RouteSupport extends AllDirectives {

  /** Completes with the response, or with the error shape for any failure, sync or async. */
  protected Route respond(Supplier<CompletionStage<HttpResponse>> action) {
    CompletionStage<HttpResponse> response;
    try {
      response = action.get();
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return completeWithFuture(response.handle((ok, error) -> error == null ? ok : JsonResponses.error(error)));
  }

  /** Parses a JSON object body, refusing unknown fields with the list of known ones. */
  public static JsonNode jsonObject(String body, Set<String> fields, String example) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
          "Request body is not valid JSON: " + Excerpt.ofMessage(e.getMessage(), 200));
    }
    if (json == null || !json.isObject()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Request body must be a JSON object such as " + example);
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!fields.contains(field)) {
        throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
            "Unknown field '" + field + "'; known fields are " + List.copyOf(new TreeSet<>(fields)), Map.of("field", field));
      }
    }
    return json;
  }

  /** An optional integer field; null when absent. */
  public static Integer intField(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field '" + field + "' must be an integer", Map.of(field, v.toString()));
    }
    return v.intValue();
  }
}

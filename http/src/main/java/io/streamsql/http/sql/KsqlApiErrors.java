package io.streamsql.http.sql;

import io.streamsql.http.JsonResponses;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** ksqlDB's generic error entity, {@code {"@type":"generic_error","error_code":C,"message":"…"}}. */
final class KsqlApiErrors {
  private KsqlApiErrors() {}

  /** @param code ksqlDB's error code: the HTTP status times 100, plus a detail (40001: bad statement) */
  static HttpResponse generic(int status, int code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@type", "generic_error");
    body.put("error_code", code);
    body.put("message", message);
    return JsonResponses.json(status, body);
  }
}

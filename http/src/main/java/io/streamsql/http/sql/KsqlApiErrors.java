package io.streamsql.http.sql;

import io.streamsql.http.JsonResponses;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** A response holding ksqlDB's generic error entity ({@link KsqlErrors#generic}) with its HTTP status. */
final class KsqlApiErrors {
  private KsqlApiErrors() {}

  /** @param code ksqlDB's error code: the HTTP status times 100, plus a detail (40001: bad statement) */
  static HttpResponse generic(int status, int code, String message) {
    return JsonResponses.json(status, KsqlErrors.generic(code, message));
  }
}

package io.streamsql.core.error;

/** Every error StreamSQL reports, with the HTTP status the native API maps it to. */
public enum ErrorCode {
  INVALID_REQUEST(400),
  SQL_SYNTAX_ERROR(400),
  SQL_ERROR(400),
  SOURCE_NOT_FOUND(404),
  QUERY_NOT_FOUND(404),
  INVALID_NAME(400),
  MALFORMED_RECORD(400),
  NOT_FOUND(404),
  STREAM_NOT_FOUND(404),
  STREAM_ALREADY_EXISTS(409),
  TABLE_NOT_FOUND(404),
  TABLE_ALREADY_EXISTS(409),
  ROW_NOT_FOUND(404),
  VERSION_NOT_FOUND(404),
  TABLE_IMMUTABLE(409),
  VERSION_CONFLICT(409),
  RECORD_TOO_LARGE(413),
  BODY_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  PIPELINE_NOT_FOUND(404),
  PIPELINE_ALREADY_EXISTS(409),
  /** Ingress to a paused pipeline without {@code force=true}. */
  PIPELINE_PAUSED(409),
  /** Ingress, egress or a query on a stopped pipeline, or one whose program never compiled. */
  PIPELINE_NOT_RUNNING(409),
  CONNECTOR_NOT_FOUND(404),
  CONNECTOR_ALREADY_EXISTS(409),
  FILE_TABLE_NOT_FOUND(404),
  FILE_TOO_LARGE(400),
  UPLOAD_NOT_FOUND(404),
  /** No credentials, or credentials that are not valid (unknown, revoked, expired, malformed). */
  UNAUTHENTICATED(401),
  /** Valid credentials whose role or scopes do not allow the request. */
  FORBIDDEN(403),
  API_KEY_NOT_FOUND(404),
  JOURNAL_UNAVAILABLE(503),
  /** A per-node limit of concurrent uploads or live readers is reached: retry after Retry-After. */
  TOO_MANY_REQUESTS(429),
  /** The node refuses new uploads while its heap is nearly full after GC: retry after Retry-After. */
  OVERLOADED(503),
  INTERNAL_ERROR(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The snake_case name clients see in {@code error_code}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

package io.streamsql.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON responses of the native API, including its one error shape. */
public final class JsonResponses {
  private static final Logger log = LoggerFactory.getLogger(JsonResponses.class);
  /**
   * The failure behind a 500, logged by {@link #logFailure} once the request is known (its id):
   * this method may run on any thread, where the request's logging context is not set.
   */
  private static final AttributeKey<Throwable> FAILURE = AttributeKey.create("streamsql-failure", Throwable.class);

  private JsonResponses() {}

  public static HttpResponse json(int status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse ok(Object body) {
    return json(200, body);
  }

  /** {@code {"error_code","message","details"}} with the status of the error code. */
  public static HttpResponse error(StreamSqlException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", e.code().wireName());
    body.put("message", e.getMessage());
    body.put("details", e.details());
    HttpResponse response = json(e.code().httpStatus(), body);
    // Every 503 says when to come back: the journal (or the node owning the data) may be back
    // within a second, and clients that honour Retry-After do not hammer a struggling cluster.
    // Admission refusals set their own, configured value.
    return e.code().httpStatus() == 503 && e.code() != ErrorCode.OVERLOADED
        ? response.addHeader(org.apache.pekko.http.javadsl.model.headers.RetryAfter.create(1L))
        : response;
  }

  public static HttpResponse error(ErrorCode code, String message) {
    return error(new StreamSqlException(code, message));
  }

  /** Maps any failure to the error shape; unexpected ones are logged and reported as 500. */
  public static HttpResponse error(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
    if (t instanceof StreamSqlException e) {
      return e.code() == ErrorCode.INTERNAL_ERROR ? error(e).addAttribute(FAILURE, e) : error(e);
    }
    if (t instanceof org.apache.pekko.http.scaladsl.model.EntityStreamException
        || t instanceof org.apache.pekko.http.scaladsl.model.ParsingException) {
      // A request body that breaks HTTP's framing (a bad chunk size): the client's error, a 500 until BadInputIT sent one.
      return error(new StreamSqlException(ErrorCode.INVALID_REQUEST, "Malformed request body: " + Excerpt.of(t.getMessage())));
    }
    // The message of an unexpected exception may quote any amount of input and names classes:
    // the client gets a short excerpt, the log has everything.
    return error(new StreamSqlException(ErrorCode.INTERNAL_ERROR, "Internal error: " + Excerpt.of(t.getMessage())))
        .addAttribute(FAILURE, t);
  }

  /** Logs the failure behind an error response of {@link #error(Throwable)}, if it has one. */
  public static void logFailure(HttpResponse response) {
    response.getAttribute(FAILURE).ifPresent(t ->
        log.error(t instanceof StreamSqlException ? "Internal error" : "Unexpected error", t));
  }

  /** Wraps a plain-text rejection response of Pekko HTTP into the error shape. */
  public static HttpResponse rejection(HttpResponse plain, String text) {
    int status = plain.status().intValue();
    ErrorCode code = switch (status) {
      case 404 -> ErrorCode.NOT_FOUND;
      case 413 -> ErrorCode.BODY_TOO_LARGE;
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      case 503 -> ErrorCode.JOURNAL_UNAVAILABLE;
      default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST;
    };
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", status == 405 ? "method_not_allowed" : code.wireName());
    body.put("message", text);
    body.put("details", Map.of());
    return json(status, body).withStatus(StatusCodes.get(status));
  }
}

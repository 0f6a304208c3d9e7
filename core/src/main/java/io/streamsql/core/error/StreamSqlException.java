package io.streamsql.core.error;

import java.util.Map;

/**
 * The one error type of StreamSQL. Each API edge maps it to its own error shape; {@code details}
 * carries machine-readable context such as the line or row at fault.
 */
public class StreamSqlException extends RuntimeException {
  private final ErrorCode code;
  private final Map<String, Object> details;

  public StreamSqlException(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  public StreamSqlException(ErrorCode code, String message, Map<String, Object> details) {
    super(message);
    this.code = code;
    this.details = Map.copyOf(details);
  }

  public StreamSqlException(ErrorCode code, String message, Map<String, Object> details, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.details = Map.copyOf(details);
  }

  public ErrorCode code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }
}

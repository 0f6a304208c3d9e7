package io.streamsql.core.sql.serde;

/** A record that does not match its source's schema; it is skipped and logged, never fatal. */
public final class DeserializationException extends RuntimeException {
  public DeserializationException(String message) {
    super(message);
  }

  public DeserializationException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.streamsql.core.sql.serde;

import io.streamsql.core.sql.expr.SqlErrors;
import java.util.Locale;

/** The key and value formats StreamSQL reads and writes: ksqlDB's JSON, DELIMITED, KAFKA and NONE. */
public enum SerdeFormat {
  JSON, DELIMITED, KAFKA, NONE;

  /** The formats ksqlDB has that need a schema registry; named so the error can say so. */
  private static final java.util.Set<String> REGISTRY_FORMATS = java.util.Set.of("AVRO", "PROTOBUF", "PROTOBUF_NOSR", "JSON_SR");

  public static SerdeFormat of(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    if (REGISTRY_FORMATS.contains(n)) {
      throw new UnsupportedFormatException("The '" + n + "' format needs a schema registry, which StreamSQL does not have yet");
    }
    try {
      return valueOf(n);
    } catch (IllegalArgumentException e) {
      throw SqlErrors.of("Unknown format: " + name.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** A format StreamSQL knows of but does not implement. */
  public static final class UnsupportedFormatException extends RuntimeException {
    public UnsupportedFormatException(String message) {
      super(message);
    }
  }
}

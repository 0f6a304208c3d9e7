package io.streamsql.core.log;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.util.Map;
import java.util.regex.Pattern;

/** Validation of stream and table names: they become part of persistence ids and URLs. */
public final class StreamName {
  private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-.]{0,199}");

  private StreamName() {}

  public static String validate(String name) {
    return validate("stream", name);
  }

  /** Validates the name of a stream, table or other named resource ({@code kind}). */
  public static String validate(String kind, String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new StreamSqlException(
          ErrorCode.INVALID_NAME,
          "Invalid " + kind + " name '" + Excerpt.of(name) + "': use 1 to 200 characters from [A-Za-z0-9_-.], starting with a letter or '_'",
          Map.of("name", Excerpt.of(name)));
    }
    return name;
  }
}

package io.streamsql.core.pipeline.ingress;

import io.streamsql.core.error.Excerpt;

/**
 * The body format of one ingress request, from its query parameters {@code format}, {@code
 * update_format} and {@code array}.
 */
public record IngressFormat(Kind kind, UpdateFormat update, boolean array) {
  public enum Kind { JSON, CSV }

  /** The only format CSV has in Feldera: rows to insert, no array. */
  public static final IngressFormat CSV = new IngressFormat(Kind.CSV, UpdateFormat.INSERT_DELETE, false);

  public IngressFormat {
    if (kind == null || update == null) throw new NullPointerException("kind and update are required");
  }

  /**
   * Validates the query parameters as Feldera does. An absent {@code format} means CSV (Feldera's
   * {@code IngressArgs} defaults it to "csv"); a present one must be {@code json} or {@code csv}.
   * For JSON, {@code update_format} defaults to {@code insert_delete} and {@code array} to false
   * and must be exactly {@code true} or {@code false}; {@code snowflake} is refused, being
   * output-only in Feldera. For CSV, Feldera builds its parser from defaults and ignores the other
   * parameters, so we ignore them too (a client sending them to Feldera gets no error either).
   */
  public static IngressFormat of(String format, String updateFormat, String array) {
    if (format == null) return CSV;
    switch (format) {
      case "csv" -> {
        return CSV;
      }
      case "json" -> {
        UpdateFormat update = UpdateFormat.parse(updateFormat);
        if (update == UpdateFormat.SNOWFLAKE) {
          throw new IngressFormatException(
              0,
              "update_format 'snowflake' is not supported for JSON input (Feldera produces it for output only): expected one of "
                  + "insert_delete, raw, weighted, debezium");
        }
        return new IngressFormat(Kind.JSON, update, parseArray(array));
      }
      default -> throw new IngressFormatException(
          0,
          format.isEmpty()
              ? "Empty query parameter 'format': expected json or csv"
              : "Unsupported format '" + Excerpt.of(format) + "': expected json or csv");
    }
  }

  private static boolean parseArray(String array) {
    if (array == null) return false;
    return switch (array) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IngressFormatException(
          0, "Invalid value '" + Excerpt.of(array) + "' for query parameter 'array': expected true or false");
    };
  }
}

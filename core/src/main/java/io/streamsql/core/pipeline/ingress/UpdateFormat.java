package io.streamsql.core.pipeline.ingress;

import io.streamsql.core.error.Excerpt;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How one JSON value of an ingress body describes changes: Feldera's {@code update_format}.
 *
 * <p>What Feldera does (read in feldera/feldera: docs.feldera.com/docs/formats/json.md,
 * crates/feldera-types/src/format/json.rs, crates/adapters/src/format/json.rs and
 * crates/adapters/src/format/json/input.rs):
 *
 * <ul>
 *   <li>{@code insert_delete} (the default): an object whose keys are {@code insert},
 *       {@code delete} or {@code update}, each holding a row; {@code table} is accepted and
 *       ignored; any other key is refused (serde {@code deny_unknown_fields}); a key whose value is
 *       {@code null} is skipped; several keys may appear in one object and are applied delete,
 *       then insert, then update. {@code update} is a full or partial update by primary key, which
 *       this decoder cannot do without the key, so it refuses it.
 *   <li>{@code raw}: each value is a row to insert, with no envelope.
 *   <li>{@code weighted}: {@code {"weight": n, "data": {...}}}, {@code table} optional; a positive
 *       weight inserts the row n times, a negative one deletes it. (Feldera documents it but its
 *       JSON input parser does not implement it yet; we do, as documented.)
 *   <li>{@code debezium}: {@code {"payload": {"op": "c|u|d|r", "before": ..., "after": ...}}};
 *       other top-level fields (e.g. {@code schema}) are ignored. Feldera deletes {@code before}
 *       and inserts {@code after} whenever they are present and not null.
 *   <li>{@code snowflake}: a flat row with metadata fields {@code __action} ("insert" or
 *       "delete"), {@code __stream_id} and {@code __seq_number}. Feldera uses it for output only
 *       and refuses it for JSON input ("Snowflake is not supported for JSON input streams"), so
 *       {@link IngressFormat#of} refuses it too.
 *   <li>{@code redis} exists in Feldera as an output-only format and is not listed here.
 * </ul>
 *
 * <p>With {@code array=true} every value is a JSON array of such updates. Values are separated by
 * whitespace (NDJSON, or one value spanning several lines). CSV ingress ignores both parameters.
 */
public enum UpdateFormat {
  INSERT_DELETE,
  RAW,
  WEIGHTED,
  DEBEZIUM,
  SNOWFLAKE;

  /** The name in the query string, e.g. {@code insert_delete}. */
  public String paramValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the {@code update_format} query parameter. Absent or empty means {@code
   * insert_delete}, Feldera's default. Names are matched exactly, as Feldera's serde names are.
   */
  public static UpdateFormat parse(String value) {
    if (value == null || value.isEmpty()) return INSERT_DELETE;
    for (UpdateFormat f : values()) {
      if (f.paramValue().equals(value)) return f;
    }
    throw new IngressFormatException(
        0,
        "Unknown update_format '" + Excerpt.of(value) + "': expected one of " + validValues());
  }

  static String validValues() {
    return Arrays.stream(values()).map(UpdateFormat::paramValue).collect(Collectors.joining(", "));
  }
}

package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.expr.SqlErrors;
import io.streamsql.core.sql.serde.Serde;
import java.util.List;
import java.util.Locale;

/**
 * The {@code TIMESTAMP} property of a source: the column that becomes ROWTIME. Checked when the
 * source is declared (CREATE and CREATE … AS SELECT alike) with ksqlDB's rules and messages
 * (TimestampExtractionPolicyFactory), so no stored definition can name a column that fails later.
 */
final class TimestampColumns {
  private TimestampColumns() {}

  /** The column named by the property, as ksqlDB's ColumnReferenceParser reads it: upper-cased unless quoted. */
  static String name(Object property) {
    if (property == null) return null;
    String s = property.toString().trim();
    if (s.length() >= 2 && s.startsWith("`") && s.endsWith("`")) return s.substring(1, s.length() - 1).replace("``", "`");
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) return s.substring(1, s.length() - 1).replace("\"\"", "\"");
    return s.toUpperCase(Locale.ROOT);
  }

  /** How a stored definition names the column so that {@link #name} reads it back unchanged. */
  static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /** Refuses a timestamp column that is missing or cannot give a ROWTIME. */
  static void validate(String column, String format, List<Serde.Column> keys, List<Serde.Column> values) {
    if (column == null) return;
    SqlType type = find(column, values);
    if (type == null) type = find(column, keys);
    if (type == null) throw SqlErrors.of("The TIMESTAMP column set in the WITH clause does not exist in the schema: '" + column + "'");
    if (SqlTypes.isBase(type, SqlType.Base.STRING)) {
      if (format == null) {
        throw SqlErrors.of("A String timestamp field has been specified without also specifying the timestamp_format");
      }
      return;
    }
    if (format != null) {
      throw SqlErrors.of("'TIMESTAMP_FORMAT' set in the WITH clause can only be used when the timestamp column is of type STRING.");
    }
    if (SqlTypes.isBase(type, SqlType.Base.BIGINT) || SqlTypes.isBase(type, SqlType.Base.TIMESTAMP)) return;
    throw SqlErrors.of("Timestamp column, " + quoted(column) + ", should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified.");
  }

  private static SqlType find(String column, List<Serde.Column> columns) {
    return columns.stream().filter(c -> c.name().equals(column)).map(Serde.Column::type).findFirst().orElse(null);
  }
}

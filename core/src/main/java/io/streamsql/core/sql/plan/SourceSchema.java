package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.core.sql.serde.SerdeFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A SQL source (stream or table) over a log: its columns (key columns first), formats and the
 * log (topic) it reads. Header columns are read from the record's headers, not from its value.
 * Row layout in queries ({@link #rowColumns}): key columns, value columns, header columns,
 * ROWTIME, ROWPARTITION, ROWOFFSET.
 */
public record SourceSchema(
    String name, CreateSource.Kind kind, String topic, List<Serde.Column> keyColumns, List<Serde.Column> valueColumns,
    SerdeFormat keyFormat, SerdeFormat valueFormat, boolean wrapSingleValue, char valueDelimiter, char keyDelimiter,
    String timestampColumn, String timestampFormat, int partitions, List<HeaderColumn> headerColumns, SourceWindow window) {

  public static final List<String> PSEUDO_COLUMNS = List.of("ROWTIME", "ROWPARTITION", "ROWOFFSET");

  public SourceSchema {
    keyColumns = List.copyOf(keyColumns);
    valueColumns = List.copyOf(valueColumns);
    headerColumns = headerColumns == null ? List.of() : List.copyOf(headerColumns);
  }

  /** A source without header columns. */
  public SourceSchema(
      String name, CreateSource.Kind kind, String topic, List<Serde.Column> keyColumns, List<Serde.Column> valueColumns,
      SerdeFormat keyFormat, SerdeFormat valueFormat, boolean wrapSingleValue, char valueDelimiter, char keyDelimiter,
      String timestampColumn, String timestampFormat, int partitions) {
    this(name, kind, topic, keyColumns, valueColumns, keyFormat, valueFormat, wrapSingleValue, valueDelimiter, keyDelimiter,
        timestampColumn, timestampFormat, partitions, List.of(), null);
  }

  /** A source that is not windowed. */
  public SourceSchema(
      String name, CreateSource.Kind kind, String topic, List<Serde.Column> keyColumns, List<Serde.Column> valueColumns,
      SerdeFormat keyFormat, SerdeFormat valueFormat, boolean wrapSingleValue, char valueDelimiter, char keyDelimiter,
      String timestampColumn, String timestampFormat, int partitions, List<HeaderColumn> headerColumns) {
    this(name, kind, topic, keyColumns, valueColumns, keyFormat, valueFormat, wrapSingleValue, valueDelimiter, keyDelimiter,
        timestampColumn, timestampFormat, partitions, headerColumns, null);
  }

  /** The same source keyed by window. */
  public SourceSchema withWindow(SourceWindow w) {
    return new SourceSchema(name, kind, topic, keyColumns, valueColumns, keyFormat, valueFormat, wrapSingleValue, valueDelimiter,
        keyDelimiter, timestampColumn, timestampFormat, partitions, headerColumns, w);
  }

  public boolean isWindowed() {
    return window != null;
  }

  /** The same source over a log with this many partitions. */
  public SourceSchema withPartitions(int count) {
    return new SourceSchema(name, kind, topic, keyColumns, valueColumns, keyFormat, valueFormat, wrapSingleValue, valueDelimiter,
        keyDelimiter, timestampColumn, timestampFormat, count, headerColumns, window);
  }

  public boolean isTable() {
    return kind == CreateSource.Kind.TABLE;
  }

  public Serde keySerde() {
    return new Serde(keyFormat, keyColumns, false, keyDelimiter);
  }

  public Serde valueSerde() {
    return new Serde(valueFormat, valueColumns, wrapSingleValue, valueDelimiter);
  }

  /** The key and value columns (what a record's key and value carry). */
  public List<Serde.Column> allColumns() {
    List<Serde.Column> all = new ArrayList<>(keyColumns);
    all.addAll(valueColumns);
    return all;
  }

  /** Every column a query can read, in row order: key, value, then header columns. */
  public List<Serde.Column> rowColumns() {
    List<Serde.Column> all = allColumns();
    for (HeaderColumn h : headerColumns) all.add(new Serde.Column(h.name(), h.type()));
    return all;
  }

  /** ksqlDB's schema text, e.g. {@code K STRING KEY, ID BIGINT}. */
  public String schemaText() {
    List<String> parts = new ArrayList<>();
    for (Serde.Column c : keyColumns) parts.add(quote(c.name()) + " " + c.type().sql() + (isTable() ? " PRIMARY KEY" : " KEY"));
    for (Serde.Column c : valueColumns) parts.add(quote(c.name()) + " " + c.type().sql());
    for (HeaderColumn h : headerColumns) parts.add(quote(h.name()) + " " + h.type().sql() + " " + h.constraint());
    return String.join(", ", parts);
  }

  /** A CREATE statement that declares exactly this source (how the catalog stores it). */
  public String toDdl() {
    String props = "KAFKA_TOPIC='" + topic.replace("'", "''") + "', KEY_FORMAT='" + keyFormat + "', VALUE_FORMAT='" + valueFormat + "'"
        + (partitions > 0 ? ", PARTITIONS=" + partitions : "")
        + (valueFormat == SerdeFormat.JSON && valueColumns.size() == 1 && !wrapSingleValue ? ", WRAP_SINGLE_VALUE=false" : "")
        + (valueDelimiter != ',' ? ", VALUE_DELIMITER='" + delimiterName(valueDelimiter) + "'" : "")
        + (keyDelimiter != ',' ? ", KEY_DELIMITER='" + delimiterName(keyDelimiter) + "'" : "")
        + (timestampColumn != null ? ", TIMESTAMP='" + TimestampColumns.quoted(timestampColumn).replace("'", "''") + "'" : "")
        + (timestampFormat != null ? ", TIMESTAMP_FORMAT='" + timestampFormat.replace("'", "''") + "'" : "")
        + (window != null ? ", " + window.properties() : "");
    String cols = keyColumns.isEmpty() && valueColumns.isEmpty() && headerColumns.isEmpty() ? "" : " (" + schemaText() + ")";
    return "CREATE " + kind + " `" + name + "`" + cols + " WITH (" + props + ")";
  }

  static String delimiterName(char c) {
    return switch (c) {
      case '\t' -> "TAB";
      case ' ' -> "SPACE";
      case '\'' -> "''";
      default -> String.valueOf(c);
    };
  }

  /** Always back-quoted: column names may be reserved words or keep lower case. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + " " + name + " (" + rowColumns().stream().map(c -> c.name() + " " + c.type().sql())
        .collect(Collectors.joining(", ")) + ")";
  }
}

package io.streamsql.cluster.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.log.LogRecord;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.plan.HeaderColumn;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.serde.DeserializationException;
import io.streamsql.core.sql.serde.JsonValues;
import io.streamsql.core.sql.serde.RecordSerde;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The stream a stream of inserts ({@code POST /inserts-stream}) writes to, and how one JSON row
 * becomes a record of its log: exactly what {@code INSERT INTO … VALUES} writes (key JSON and
 * value bytes in the stream's formats, ROWTIME or the time of insertion), so persistent and push
 * queries see inserted rows like any other. Resolving checks the target the way ksqlDB does;
 * {@link #encode} refuses a bad row with a message naming the column at fault.
 */
public final class InsertTarget {
  /** ksqlDB's error codes: a bad statement/target (40001), a bad request/row (40000). */
  public static final int BAD_STATEMENT = 40001;
  public static final int BAD_REQUEST = 40000;

  private static final SqlType ROWTIME_TYPE = new SqlType.Primitive(SqlType.Base.BIGINT);

  private final String name;
  private final String log;
  private final SourceSchema schema;
  private final RecordSerde keySerde;
  private final RecordSerde valueSerde;
  /** Column name (as stored, upper case unless quoted at creation) → index: keys first, then values. */
  private final Map<String, Integer> columns = new HashMap<>();
  private final Map<String, Boolean> headers = new HashMap<>();
  /** Field name as sent → column name: rows repeat the same few names, so each is resolved once (bounded). */
  private final Map<String, String> resolvedNames = new HashMap<>();
  /** Columns that must have a non-null value (a pipeline table's NOT NULL columns); keys always do. */
  private java.util.Set<String> notNull = java.util.Set.of();

  private InsertTarget(String name, String log, SourceSchema schema) {
    this.name = name;
    this.log = log;
    this.schema = schema;
    this.keySerde = new RecordSerde(schema.keySerde(), "key");
    this.valueSerde = new RecordSerde(schema.valueSerde(), "value");
    int i = 0;
    for (Serde.Column c : schema.keyColumns()) columns.put(c.name(), i++);
    for (Serde.Column c : schema.valueColumns()) columns.put(c.name(), i++);
    for (HeaderColumn h : schema.headerColumns()) headers.put(h.name(), true);
  }

  /**
   * The stream named by {@code target} as ksqlDB reads an identifier: unquoted is upper-cased,
   * {@code `quoted`} or {@code "quoted"} is taken as written.
   *
   * @throws StreamSqlException with details {@code ksql_error_code} 40001 when the name is
   *     invalid, unknown, a table, windowed or read-only (ksqlDB's messages)
   */
  static InsertTarget resolve(SqlCatalogEntity.State state, String target) {
    String name;
    try {
      name = identifier(target);
    } catch (IllegalArgumentException e) {
      throw badTarget("Invalid target name: " + e.getMessage());
    }
    SqlSource source = state.sources().get(name);
    if (source == null) throw badTarget("Cannot insert values into an unknown stream: " + name);
    SourceSchema schema = SourceDdl.parse(source.ddl());
    if (schema.isWindowed()) throw badTarget("Cannot insert values into windowed stream/table");
    if (source.readOnly()) throw badTarget("Cannot insert values into read-only topic: " + SourceDdl.topicOf(source));
    if (!"STREAM".equals(source.kind())) throw badTarget("Cannot insert into a table");
    return new InsertTarget(name, source.log(), schema);
  }

  /**
   * A pipeline's table or stream by its stored name, for ingress: like {@link #resolve} but tables
   * are allowed (rows are upserts, deletes are tombstones).
   *
   * @throws StreamSqlException ({@code source_not_found}) when the namespace has no such source
   */
  public static InsertTarget ofSource(SqlCatalogEntity.State state, String name, java.util.Set<String> notNullColumns) {
    SqlSource source = state.sources().get(name);
    if (source == null) {
      throw new StreamSqlException(ErrorCode.SOURCE_NOT_FOUND, "Unknown table '" + name + "'", Map.of("table", name));
    }
    InsertTarget target = new InsertTarget(name, source.log(), SourceDdl.parse(source.ddl()));
    target.notNull = java.util.Set.copyOf(notNullColumns);
    return target;
  }

  /** Whether rows have a key (a table: inserts are upserts and deletes remove the key). */
  public boolean keyed() {
    return !schema.keyColumns().isEmpty();
  }

  /**
   * The tombstone that deletes the row with the key of {@code row} (its other columns are not
   * needed and not checked).
   */
  public LogRecord encodeDelete(JsonNode row) {
    if (row == null || !row.isObject()) {
      throw badRow("A row must be a JSON object of the table's columns, got " + (row == null ? "nothing" : row.getNodeType()));
    }
    int keyCount = schema.keyColumns().size();
    Object[] keys = new Object[keyCount];
    for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String column = columnOf(field.getKey());
      Integer index = columns.get(column);
      if (index != null && index < keyCount) keys[index] = read(field.getValue(), schema.keyColumns().get(index).type(), column);
    }
    for (int k = 0; k < keyCount; k++) {
      if (keys[k] == null) throw badRow("Key field must be specified: " + schema.keyColumns().get(k).name());
    }
    return new LogRecord(keySerde.writeText(keys), null, null, null);
  }

  public String name() {
    return name;
  }

  /** The log rows are appended to (through {@link io.streamsql.cluster.log.LogWriter}). */
  public String log() {
    return log;
  }

  /**
   * One row (a JSON object of the stream's columns by name, key columns included; names matched
   * like ksqlDB: unquoted case-insensitively) as the record INSERT VALUES would write.
   *
   * @throws StreamSqlException ({@code invalid_request}) naming the column at fault
   *     <p>Not thread-safe: one insert stream encodes its rows one after the other.
   */
  public LogRecord encode(JsonNode row) {
    if (row == null || !row.isObject()) {
      throw badRow("A row must be a JSON object of the stream's columns, got " + (row == null ? "nothing" : row.getNodeType()));
    }
    int keyCount = schema.keyColumns().size();
    Object[] keys = new Object[keyCount];
    Object[] values = new Object[schema.valueColumns().size()];
    boolean[] given = new boolean[keyCount + values.length];
    Long rowtime = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String column = columnOf(field.getKey());
      if (column.equals("ROWTIME")) {
        rowtime = (Long) read(field.getValue(), ROWTIME_TYPE, "ROWTIME");
        continue;
      }
      Integer index = columns.get(column);
      if (index == null) {
        if (headers.containsKey(column)) throw badRow("Cannot insert into HEADER columns: " + column);
        throw badRow("Column name " + column + " does not exist in stream " + name + ".");
      }
      if (given[index]) throw badRow("Duplicate column name after case conversion: " + column);
      given[index] = true;
      Serde.Column target = index < keyCount ? schema.keyColumns().get(index) : schema.valueColumns().get(index - keyCount);
      Object value = read(field.getValue(), target.type(), column);
      if (index < keyCount) keys[index] = value;
      else values[index - keyCount] = value;
    }
    if (!notNull.isEmpty()) {
      for (int v = 0; v < values.length; v++) {
        String column = schema.valueColumns().get(v).name();
        if (values[v] == null && notNull.contains(column)) throw badRow("Column " + column + " is NOT NULL but has no value");
      }
    }
    for (int k = 0; k < keyCount; k++) {
      // ksqlDB's inserts stream refuses a row without a key column (null counts as missing).
      if (keys[k] == null) throw badRow("Key field must be specified: " + schema.keyColumns().get(k).name());
    }
    // Straight to text and bytes: no JSON tree per row (the hot path of inserts and pipeline ingress).
    return new LogRecord(keySerde.writeText(keys), valueSerde.writeBytes(values), rowtime, null);
  }

  /** The column a field name means (ksqlDB's identifier rule), resolved once per distinct name. */
  private String columnOf(String field) {
    String column = resolvedNames.get(field);
    if (column != null) return column;
    try {
      column = identifier(field);
    } catch (IllegalArgumentException e) {
      throw badRow("Invalid column name " + field + ": " + e.getMessage());
    }
    if (resolvedNames.size() < 1024) resolvedNames.put(field, column);
    return column;
  }

  private static Object read(JsonNode node, SqlType type, String column) {
    try {
      return JsonValues.read(node, type, "column " + column);
    } catch (DeserializationException e) {
      throw badRow(e.getMessage());
    }
  }

  /** ksqlDB's identifier rule: unquoted text is upper-cased; a quoted one keeps its case, doubled quotes unescaped. */
  static String identifier(String text) {
    if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty name");
    char first = text.charAt(0);
    if (first != '`' && first != '"') return text.toUpperCase(Locale.ROOT);
    if (text.length() < 2 || text.charAt(text.length() - 1) != first) {
      throw new IllegalArgumentException("Expected matching quote at end of value");
    }
    String inner = text.substring(1, text.length() - 1);
    String doubled = "" + first + first;
    if (inner.replace(doubled, "").indexOf(first) >= 0) throw new IllegalArgumentException("Un-escaped quote in middle of value");
    return inner.replace(doubled, "" + first);
  }

  private static StreamSqlException badTarget(String message) {
    return new StreamSqlException(ErrorCode.SQL_ERROR, message, Map.of("ksql_error_code", BAD_STATEMENT));
  }

  private static StreamSqlException badRow(String message) {
    return new StreamSqlException(ErrorCode.INVALID_REQUEST, message, Map.of("ksql_error_code", BAD_REQUEST));
  }
}

package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.expr.SqlErrors;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.core.sql.serde.SerdeFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds and validates a {@link SourceSchema} from a CREATE STREAM/TABLE statement, with ksqlDB's rules and messages. */
public final class SourceSchemas {
  private static final Set<String> KNOWN_PROPERTIES = Set.of(
      "KAFKA_TOPIC", "PARTITIONS", "REPLICAS", "VALUE_FORMAT", "KEY_FORMAT", "FORMAT", "TIMESTAMP", "TIMESTAMP_FORMAT",
      "VALUE_DELIMITER", "KEY_DELIMITER", "WRAP_SINGLE_VALUE", "RETENTION_MS", "CLEANUP_POLICY", "WINDOW_TYPE", "WINDOW_SIZE");

  private SourceSchemas() {}

  /** The schema a stored CREATE statement declares (as {@link SourceSchema#toDdl()} writes it). */
  public static SourceSchema fromDdl(String ddl) {
    return fromCreate(io.streamsql.core.sql.SourceStatements.createSource(io.streamsql.core.sql.SqlParser.parse(ddl).get(0).tree()));
  }

  public static SourceSchema fromCreate(CreateSource c) {
    return fromCreate(c, Map.of());
  }

  /** Session properties supply ksqlDB's defaults: {@code ksql.persistence.default.format.key|value}, {@code ksql.persistence.wrap.single.values}. */
  public static SourceSchema fromCreate(CreateSource c, Map<String, Object> session) {
    return build(c, session, true);
  }

  /**
   * A definition the catalog stored, read back as it was written. Its timestamp column is not
   * checked again: an older version stored some it should have refused (an INT column via
   * CREATE … AS SELECT), and one such definition must not break every listing. Such a column
   * gives no ROWTIME: its records are skipped, and the processing log says why.
   */
  public static SourceSchema fromStored(CreateSource c) {
    return build(c, Map.of(), false);
  }

  private static SourceSchema build(CreateSource c, Map<String, Object> session, boolean checkTimestamp) {
    checkProperties(c.properties());
    Map<String, Object> p = withDefaults(c.properties(), session);
    // ksqlDB checks the window properties with the others, before the columns.
    SourceWindow window = SourceWindow.of(p.get("WINDOW_TYPE"), p.get("WINDOW_SIZE"));
    Object topic = p.get("KAFKA_TOPIC");
    if (topic == null) throw SqlErrors.of("Missing required property \"KAFKA_TOPIC\" for " + c.kind() + " " + c.name());
    Formats formats = formats(p, true);
    List<Serde.Column> keys = new ArrayList<>();
    List<Serde.Column> values = new ArrayList<>();
    List<HeaderColumn> headers = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (CreateSource.Column col : c.columns()) {
      if (!seen.add(col.name())) throw SqlErrors.of("Duplicate column names: " + col.name());
      if (SourceSchema.PSEUDO_COLUMNS.contains(col.name()) || col.name().equals("WINDOWSTART") || col.name().equals("WINDOWEND")) {
        throw SqlErrors.of("'" + col.name() + "' is a reserved column name.");
      }
      switch (col.constraint()) {
        case KEY -> {
          if (c.kind() == CreateSource.Kind.TABLE) {
            throw SqlErrors.of("Column `" + col.name() + "` is a 'KEY' column: please use 'PRIMARY KEY' for tables.");
          }
          keys.add(new Serde.Column(col.name(), col.type()));
        }
        case PRIMARY_KEY -> {
          if (c.kind() == CreateSource.Kind.STREAM) {
            throw SqlErrors.of("Column `" + col.name() + "` is a 'PRIMARY KEY' column: please use 'KEY' for streams.");
          }
          keys.add(new Serde.Column(col.name(), col.type()));
        }
        case HEADERS, HEADER -> headers.add(headerColumn(col, headers));
        default -> values.add(new Serde.Column(col.name(), col.type()));
      }
    }
    if (keys.isEmpty() && values.isEmpty() && headers.isEmpty()) throw SqlErrors.of("No columns supplied.");
    if (c.kind() == CreateSource.Kind.TABLE && keys.isEmpty()) throw SqlErrors.of("Tables require a PRIMARY KEY. Please define the PRIMARY KEY.");
    boolean wrap = wrapSingle(p, formats.value, values.size(), session);
    String ts = TimestampColumns.name(p.get("TIMESTAMP"));
    String tsFormat = p.get("TIMESTAMP_FORMAT") == null ? null : p.get("TIMESTAMP_FORMAT").toString();
    if (checkTimestamp) TimestampColumns.validate(ts, tsFormat, keys, values);
    SourceSchema schema = new SourceSchema(c.name(), c.kind(), topic.toString(), keys, values,
        formats.key == null ? SerdeFormat.KAFKA : formats.key, formats.value, wrap,
        delimiter(p.get("VALUE_DELIMITER")), delimiter(p.get("KEY_DELIMITER")), ts, tsFormat, partitions(p), headers,
        window);
    if (window != null && keys.isEmpty()) throw SqlErrors.of("Windowed sources require a key column.");
    validateFormats(schema);
    return schema;
  }

  /** A HEADERS or HEADER('key') column, with ksqlDB's checks of its type and of repeated header columns. */
  private static HeaderColumn headerColumn(CreateSource.Column col, List<HeaderColumn> declared) {
    String key = col.constraint() == CreateSource.Constraint.HEADER ? col.headerKey() : null;
    if (key != null && key.isEmpty()) throw SqlErrors.of("Header column must have a non-empty header key name defined");
    HeaderColumn.checkType(col.type(), key);
    if (declared.stream().anyMatch(HeaderColumn::allHeaders)) throw SqlErrors.of("Schema already contains a HEADERS column.");
    if (key != null && declared.stream().anyMatch(h -> key.equals(h.key()))) {
      throw SqlErrors.of("Schema already contains a HEADER('" + key + "') column.");
    }
    return new HeaderColumn(col.name(), col.type(), key);
  }

  /** The WITH properties completed with the session's default formats. */
  static Map<String, Object> withDefaults(Map<String, Object> with, Map<String, Object> session) {
    if (session == null || session.isEmpty()) return with;
    Map<String, Object> p = new java.util.LinkedHashMap<>(with);
    Object value = session.get("ksql.persistence.default.format.value");
    Object key = session.get("ksql.persistence.default.format.key");
    if (value != null && !p.containsKey("FORMAT") && !p.containsKey("VALUE_FORMAT")) p.put("VALUE_FORMAT", value);
    if (key != null && !p.containsKey("FORMAT") && !p.containsKey("KEY_FORMAT")) p.put("KEY_FORMAT", key);
    return p;
  }

  /** Whether a single value column is wrapped when WITH does not say: the session's ksql.persistence.wrap.single.values, else yes. */
  static boolean defaultWrap(Map<String, Object> session) {
    Object w = session == null ? null : session.get("ksql.persistence.wrap.single.values");
    return w == null || Boolean.parseBoolean(w.toString());
  }

  static void checkProperties(Map<String, Object> p) {
    List<String> unknown = p.keySet().stream().filter(k -> !KNOWN_PROPERTIES.contains(k)).sorted().toList();
    if (!unknown.isEmpty()) throw SqlErrors.of("Invalid config variable(s) in the WITH clause: " + String.join(",", unknown));
  }

  static int partitions(Map<String, Object> p) {
    Object n = p.get("PARTITIONS");
    if (n == null) return 0;
    if (!(n instanceof Number num) || num.intValue() < 1) throw SqlErrors.of("Invalid number of partitions: " + n);
    return num.intValue();
  }

  record Formats(SerdeFormat key, SerdeFormat value) {}

  static Formats formats(Map<String, Object> p, boolean valueRequired) {
    Object format = p.get("FORMAT");
    Object key = p.get("KEY_FORMAT");
    Object value = p.get("VALUE_FORMAT");
    if (format != null && key != null) {
      throw SqlErrors.of("Cannot supply both 'KEY_FORMAT' and 'FORMAT' properties, as 'FORMAT' sets both key and value formats. "
          + "Either use just 'FORMAT', or use 'KEY_FORMAT' and 'VALUE_FORMAT'.");
    }
    if (format != null && value != null) {
      throw SqlErrors.of("Cannot supply both 'VALUE_FORMAT' and 'FORMAT' properties, as 'FORMAT' sets both key and value formats. "
          + "Either use just 'FORMAT', or use 'KEY_FORMAT' and 'VALUE_FORMAT'.");
    }
    if (format != null) {
      SerdeFormat f = SerdeFormat.of(format.toString());
      return new Formats(f, f);
    }
    if (value == null && valueRequired) {
      throw SqlErrors.of("Statement is missing the 'VALUE_FORMAT' property from the WITH clause. "
          + "Either provide one or set a default via the 'ksql.persistence.default.format.value' config.");
    }
    return new Formats(key == null ? null : SerdeFormat.of(key.toString()), value == null ? null : SerdeFormat.of(value.toString()));
  }

  /**
   * Whether the value is an object even with one column: WRAP_SINGLE_VALUE when given (and
   * allowed), else the session's {@code ksql.persistence.wrap.single.values}, else yes.
   */
  static boolean wrapSingle(Map<String, Object> p, SerdeFormat valueFormat, int valueColumns, Map<String, Object> session) {
    Object wrap = p.get("WRAP_SINGLE_VALUE");
    if (wrap == null) return valueColumns != 1 || valueFormat != SerdeFormat.JSON || defaultWrap(session);
    if (valueColumns != 1) throw SqlErrors.of("'WRAP_SINGLE_VALUE' is only valid for single-field value schemas");
    if (valueFormat == SerdeFormat.KAFKA || valueFormat == SerdeFormat.DELIMITED) {
      throw SqlErrors.of("Format '" + valueFormat + "' does not support 'WRAP_SINGLE_VALUE' set to '" + wrap + "'.");
    }
    return Boolean.TRUE.equals(wrap) || "true".equalsIgnoreCase(wrap.toString());
  }

  static char delimiter(Object d) {
    if (d == null) return ',';
    String s = d.toString();
    if (s.equalsIgnoreCase("TAB")) return '\t';
    if (s.equalsIgnoreCase("SPACE")) return ' ';
    if (s.length() != 1) {
      throw SqlErrors.of("Invalid delimiter value: '" + s + "'. Delimiter must be a single character or TAB or SPACE");
    }
    return s.charAt(0);
  }

  /** Checks that the key and value formats can carry the columns (ksqlDB's format capabilities). */
  public static void validateFormats(SourceSchema s) {
    SerdeFormat key = s.keyFormat() == null ? SerdeFormat.KAFKA : s.keyFormat();
    check("Key", key, s.keyColumns());
    check("Value", s.valueFormat(), s.valueColumns());
  }

  private static void check(String side, SerdeFormat f, List<Serde.Column> cols) {
    if (f == SerdeFormat.NONE && !cols.isEmpty()) {
      throw SqlErrors.of("The 'NONE' format can only be used when no columns are defined. Got: " + describe(cols, side));
    }
    if (f == SerdeFormat.KAFKA) {
      if (cols.size() > 1) {
        String reason = "The 'KAFKA' format only supports a single field. Got: " + describe(cols, side);
        if (side.equals("Key")) {
          throw SqlErrors.of("Key format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=["
              + describeFull(cols, side) + "], features=[]}\nreason: " + reason);
        }
        throw SqlErrors.of(reason);
      }
      for (Serde.Column c : cols) {
        SqlType t = c.type();
        boolean ok = SqlTypes.isBase(t, SqlType.Base.INT) || SqlTypes.isBase(t, SqlType.Base.BIGINT)
            || SqlTypes.isBase(t, SqlType.Base.DOUBLE) || SqlTypes.isBase(t, SqlType.Base.STRING) || SqlTypes.isBase(t, SqlType.Base.BYTES);
        if (!ok) {
          throw SqlErrors.of(side + " format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=["
              + describeFull(cols, side) + "], features=[]}\nreason: The 'KAFKA' format does not support type '" + baseName(t) + "'");
        }
      }
    }
    if (f == SerdeFormat.DELIMITED) {
      for (Serde.Column c : cols) {
        if (c.type() instanceof SqlType.Array || c.type() instanceof SqlType.Map || c.type() instanceof SqlType.Struct) {
          throw SqlErrors.of("The 'DELIMITED' format does not support type '" + baseName(c.type()) + "', column: `" + c.name() + "`");
        }
      }
    }
  }

  static String baseName(SqlType t) {
    if (t instanceof SqlType.Array) return "ARRAY";
    if (t instanceof SqlType.Map) return "MAP";
    if (t instanceof SqlType.Struct) return "STRUCT";
    if (t instanceof SqlType.Decimal) return "DECIMAL";
    return t.sql();
  }

  private static String describe(List<Serde.Column> cols, String side) {
    return "[" + String.join(", ", cols.stream().map(c -> "`" + c.name() + "` " + c.type().sql() + (side.equals("Key") ? " KEY" : "")).toList()) + "]";
  }

  private static String describeFull(List<Serde.Column> cols, String side) {
    return String.join(", ", cols.stream().map(c -> "`" + c.name() + "` " + c.type().sql() + (side.equals("Key") ? " KEY" : "")).toList());
  }
}

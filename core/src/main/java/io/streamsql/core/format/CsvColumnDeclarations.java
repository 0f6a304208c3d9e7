package io.streamsql.core.format;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses declared CSV column types, {@code "id BIGINT, name STRING, price DECIMAL(10,2)"}, into
 * column name → type, in order. Names match the header exactly.
 */
public final class CsvColumnDeclarations {
  private CsvColumnDeclarations() {}

  public static Map<String, CsvColumnType> parse(String spec) {
    Map<String, CsvColumnType> columns = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) return columns;
    for (String part : splitTopLevel(spec)) {
      String p = part.trim();
      int space = p.indexOf(' ');
      if (p.isEmpty() || space < 0) throw bad(spec, "'" + Excerpt.of(p) + "' is not 'name TYPE'");
      String name = p.substring(0, space).trim();
      if (name.length() > 1 && name.startsWith("`") && name.endsWith("`")) name = name.substring(1, name.length() - 1);
      CsvColumnType type = CsvColumnType.parse(p.substring(space + 1));
      if (type == null) {
        throw bad(spec, "column '" + Excerpt.of(name) + "' has an unknown type '" + Excerpt.of(p.substring(space + 1).trim())
            + "' (use STRING, INT, BIGINT, DOUBLE, DECIMAL(p,s), BOOLEAN, DATE or TIMESTAMP)");
      }
      if (columns.put(name, type) != null) throw bad(spec, "column '" + Excerpt.of(name) + "' is declared twice");
    }
    return columns;
  }

  /** Splits on commas outside parentheses, so DECIMAL(10,2) stays whole. */
  private static java.util.List<String> splitTopLevel(String spec) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c == '(') depth++;
      else if (c == ')') depth--;
      else if (c == ',' && depth == 0) {
        parts.add(spec.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(spec.substring(start));
    return parts;
  }

  private static StreamSqlException bad(String spec, String why) {
    return new StreamSqlException(ErrorCode.INVALID_REQUEST, "Invalid 'columns': " + why, Map.of("columns", Excerpt.of(spec)));
  }
}

package io.streamsql.core.pipeline.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.format.CsvTokenizer;
import io.streamsql.core.format.Json;
import io.streamsql.core.sql.SqlType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a CSV row into the JSON row a JSON insert would carry, so both formats reach the table
 * the same way. CSV fields are untyped text, so the column types decide, following Feldera's CSV
 * documentation: numbers and booleans become JSON numbers and booleans; for a non-string column
 * an empty field, {@code null} or {@code NULL} is SQL NULL; for a string column an empty field
 * is the empty string and an unquoted {@code null}/{@code NULL} is NULL (quote it to mean the
 * text); ARRAY, MAP and STRUCT fields hold JSON text; dates and times are trimmed text. Fields
 * beyond the table's columns are ignored, as Feldera documents; too few is an error.
 */
final class CsvFields {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Plain decimal or scientific notation; Java's parser alone would also take "1d" or hex. */
  private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final List<ColumnSpec> columns;

  CsvFields(List<ColumnSpec> columns) {
    this.columns = List.copyOf(columns);
  }

  ObjectNode toRow(long record, long line, List<CsvTokenizer.Field> fields) {
    if (fields.size() < columns.size()) {
      throw new IngressFormatException(
          record,
          "Record " + record + " (line " + line + "): expected " + columns.size() + " CSV fields ("
              + columns.stream().map(ColumnSpec::name).collect(Collectors.joining(", ")) + "), found " + fields.size(),
          Map.of("line", line, "fields", fields.size()),
          null);
    }
    ObjectNode row = NODES.objectNode();
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec column = columns.get(i);
      row.set(column.name(), convert(record, line, column, fields.get(i)));
    }
    return row;
  }

  private JsonNode convert(long record, long line, ColumnSpec column, CsvTokenizer.Field field) {
    String text = field.text();
    if (column.type() instanceof SqlType.Primitive p && p.base() == SqlType.Base.STRING) {
      boolean nullWord = !field.quoted() && (text.equals("null") || text.equals("NULL"));
      return nullWord ? NODES.nullNode() : NODES.textNode(text);
    }
    if (text.isEmpty() || text.equals("null") || text.equals("NULL")) return NODES.nullNode();
    try {
      SqlType type = column.type();
      if (type instanceof SqlType.Primitive p) {
        return switch (p.base()) {
          case BOOLEAN -> bool(text);
          case INT -> NODES.numberNode(Integer.parseInt(text));
          case BIGINT -> NODES.numberNode(Long.parseLong(text));
          case DOUBLE -> NODES.numberNode(floating(text));
          case STRING, BYTES -> NODES.textNode(text);
          case DATE, TIME, TIMESTAMP -> NODES.textNode(text.strip());
        };
      }
      if (type instanceof SqlType.Decimal) return NODES.numberNode(new BigDecimal(text));
      if (type instanceof SqlType.Null) return NODES.nullNode();
      // ARRAY, MAP and STRUCT: CSV has no syntax for them, so Feldera reads the field as JSON.
      return Json.MAPPER.readTree(text);
    } catch (NumberFormatException | JsonProcessingException e) {
      String detail = e instanceof JsonProcessingException j ? " (" + Excerpt.ofMessage(j.getOriginalMessage(), 100) + ")" : "";
      throw new IngressFormatException(
          record,
          "Record " + record + " (line " + line + "), column " + column.name() + ": '" + Excerpt.of(text)
              + "' is not a valid " + column.type().sql() + detail,
          Map.of("line", line, "column", column.name()),
          e);
    }
  }

  private static JsonNode bool(String text) {
    if (text.equalsIgnoreCase("true")) return NODES.booleanNode(true);
    if (text.equalsIgnoreCase("false")) return NODES.booleanNode(false);
    throw new NumberFormatException("not a boolean");
  }

  /** Feldera's CSV floats: decimal or scientific, NaN and [+-]Inf in any case; overflow is NaN. */
  private static double floating(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "nan" -> {
        return Double.NaN;
      }
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {}
    }
    if (!FLOAT.matcher(text).matches()) throw new NumberFormatException("not a number");
    double value = Double.parseDouble(text);
    return Double.isInfinite(value) ? Double.NaN : value;
  }
}

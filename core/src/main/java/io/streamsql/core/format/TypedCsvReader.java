package io.streamsql.core.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file (header line first) into typed JSON rows, as chunks arrive. Declared columns
 * are converted to their type (a value that does not fit is an error naming its line and
 * column); the others get the type of each value, and the column's type is inferred from all of
 * them ({@link CsvTypeInference}). An empty unquoted field is null; {@code ""} is an empty string.
 */
public final class TypedCsvReader implements RecordReader {
  private final Map<String, CsvColumnType> declared;
  private final String keyField;
  private final CsvTokenizer tokenizer;
  private String[] header;
  private CsvColumnType[] types;
  private CsvTypeInference[] inference;
  private int keyColumn = -1;

  /**
   * @param declared column name → type for the columns whose type is given (may be empty)
   * @param keyField the primary key column, which no row may leave empty; null when none
   */
  public TypedCsvReader(Map<String, CsvColumnType> declared, String keyField, int maxRecordBytes) {
    this.declared = declared;
    this.keyField = keyField;
    this.tokenizer = new CsvTokenizer(maxRecordBytes, false, new CsvUploadErrors());
  }

  @Override
  public void feed(byte[] chunk, List<ParsedRecord> out) {
    tokenizer.feed(chunk, (row, line, fields) -> accept(line, fields, out));
  }

  @Override
  public void finish(List<ParsedRecord> out) {
    tokenizer.finish((row, line, fields) -> accept(line, fields, out));
    if (header == null) throw new StreamSqlException(ErrorCode.MALFORMED_RECORD, "The CSV file is empty: it has no header line", Map.of("line", 1));
  }

  /** The columns in header order with their declared or inferred SQL types; empty before the header. */
  public Map<String, String> columns() {
    Map<String, String> columns = new LinkedHashMap<>();
    if (header == null) return columns;
    for (int i = 0; i < header.length; i++) columns.put(header[i], (types[i] != null ? types[i] : inference[i].type()).sqlName());
    return columns;
  }

  private void accept(long line, List<CsvTokenizer.Field> fields, List<ParsedRecord> out) {
    if (header == null) readHeader(line, fields);
    else out.add(row(line, fields));
  }

  private void readHeader(long line, List<CsvTokenizer.Field> fields) {
    String[] names = new String[fields.size()];
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      String name = fields.get(i).text().trim();
      if (name.isEmpty()) throw headerError(line, "has an empty column name (field " + (i + 1) + ")");
      Integer first = seen.putIfAbsent(name, i + 1);
      if (first != null) throw headerError(line, "names column '" + Excerpt.of(name) + "' twice (fields " + first + " and " + (i + 1) + ")");
      names[i] = name;
    }
    for (String d : declared.keySet()) {
      if (!seen.containsKey(d)) throw headerError(line, "has no column '" + Excerpt.of(d) + "', which 'columns' declares");
    }
    if (keyField != null) {
      Integer k = seen.get(keyField);
      if (k == null) throw headerError(line, "has no column '" + Excerpt.of(keyField) + "' (the primary key)");
      keyColumn = k - 1;
    }
    header = names;
    types = new CsvColumnType[names.length];
    inference = new CsvTypeInference[names.length];
    for (int i = 0; i < names.length; i++) {
      types[i] = declared.get(names[i]);
      inference[i] = new CsvTypeInference();
    }
  }

  private static StreamSqlException headerError(long line, String what) {
    return new StreamSqlException(ErrorCode.MALFORMED_RECORD, "The CSV header at line " + line + " " + what, Map.of("line", line));
  }

  private ParsedRecord row(long line, List<CsvTokenizer.Field> fields) {
    if (fields.size() != header.length) {
      throw new StreamSqlException(ErrorCode.MALFORMED_RECORD,
          "CSV row at line " + line + " has " + fields.size() + " fields but the header has " + header.length,
          Map.of("line", line, "fields", fields.size(), "expected_fields", header.length));
    }
    ByteArrayBuilder bytes = new ByteArrayBuilder(128);
    String keyJson = null;
    try (JsonGenerator out = Json.MAPPER.getFactory().createGenerator(bytes)) {
      out.writeStartObject();
      for (int i = 0; i < header.length; i++) {
        CsvTokenizer.Field f = fields.get(i);
        out.writeFieldName(header[i]);
        if (f.text().isEmpty() && !f.quoted()) {
          if (i == keyColumn) throw fieldError(line, i, f, "is empty, but it is the primary key");
          out.writeNull();
          continue;
        }
        CsvColumnType type = types[i];
        if (type == null) {
          type = CsvTypeInference.classify(f.text());
          inference[i].observe(type);
        }
        try {
          type.write(out, f.text());
          if (i == keyColumn) keyJson = scalarJson(type, f.text());
        } catch (IllegalArgumentException e) {
          throw fieldError(line, i, f, e.getMessage() + " (the column is declared " + type.sqlName() + ")");
        }
      }
      out.writeEndObject();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ParsedRecord(bytes.toByteArray(), keyJson, line);
  }

  private StreamSqlException fieldError(long line, int i, CsvTokenizer.Field f, String what) {
    return new StreamSqlException(ErrorCode.MALFORMED_RECORD,
        "CSV row at line " + line + ", column '" + Excerpt.of(header[i]) + "': '" + Excerpt.of(f.text()) + "' " + what,
        Map.of("line", line, "column", header[i], "field", i + 1));
  }

  private static String scalarJson(CsvColumnType type, String text) throws IOException {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w)) {
      type.write(g, text);
    }
    return w.toString();
  }
}

package io.streamsql.core.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CSV with a header line, as chunks arrive: {@link CsvTokenizer} splits rows and fields
 * (RFC 4180); this class gives them meaning. The first row names the columns; every later row
 * becomes a JSON object of string values named by the header, keyed by the {@code keyField}
 * column if one is given. Errors name the line and column where the input went wrong.
 */
public final class CsvRecordReader implements RecordReader {
  private final String keyField;
  private final CsvTokenizer tokenizer;
  private String[] header;
  private int keyColumn = -1;

  public CsvRecordReader(String keyField, int maxRecordBytes) {
    this.keyField = keyField == null || keyField.isBlank() ? null : keyField;
    // Lenient UTF-8: uploads have always decoded bad bytes as replacement characters.
    this.tokenizer = new CsvTokenizer(maxRecordBytes, false, new CsvUploadErrors());
  }

  @Override
  public void feed(byte[] chunk, List<ParsedRecord> records) {
    tokenizer.feed(chunk, (row, line, fields) -> accept(line, fields, records));
  }

  @Override
  public void finish(List<ParsedRecord> records) {
    tokenizer.finish((row, line, fields) -> accept(line, fields, records));
    if (header == null) {
      throw new StreamSqlException(ErrorCode.MALFORMED_RECORD, "CSV body has no header line", Map.of("line", 1));
    }
  }

  private void accept(long line, List<CsvTokenizer.Field> fields, List<ParsedRecord> records) {
    if (header == null) readHeader(line, fields);
    else records.add(record(line, fields));
  }

  private void readHeader(long line, List<CsvTokenizer.Field> fields) {
    String[] names = new String[fields.size()];
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      String name = fields.get(i).text().trim();
      int col = fields.get(i).column();
      if (name.isEmpty()) {
        throw new StreamSqlException(
            ErrorCode.MALFORMED_RECORD,
            "CSV header at line " + line + " has an empty column name (field " + (i + 1) + ", column " + col + ")",
            Map.of("line", line, "column", col, "field", i + 1));
      }
      Integer first = seen.putIfAbsent(name, i + 1);
      if (first != null) {
        throw new StreamSqlException(
            ErrorCode.MALFORMED_RECORD,
            "CSV header at line " + line + " names column '" + Excerpt.of(name) + "' twice (fields " + first + " and " + (i + 1) + ")",
            Map.of("line", line, "column", col, "field", i + 1));
      }
      names[i] = name;
      if (name.equals(keyField)) keyColumn = i;
    }
    if (keyField != null && keyColumn < 0) {
      throw new StreamSqlException(
          ErrorCode.MALFORMED_RECORD,
          "CSV header at line " + line + " has no column named '" + Excerpt.of(keyField) + "' (the key_field)",
          Map.of("line", line, "key_field", Excerpt.of(keyField)));
    }
    header = names;
  }

  private ParsedRecord record(long line, List<CsvTokenizer.Field> fields) {
    if (fields.size() != header.length) {
      throw new StreamSqlException(
          ErrorCode.MALFORMED_RECORD,
          "CSV row at line " + line + " has " + fields.size() + " fields but the header has " + header.length,
          Map.of("line", line, "fields", fields.size(), "expected_fields", header.length));
    }
    int chars = 0;
    for (CsvTokenizer.Field f : fields) chars += f.text().length();
    ByteArrayBuilder bytes = new ByteArrayBuilder(Math.max(64, chars * 2));
    try (JsonGenerator out = Json.MAPPER.getFactory().createGenerator(bytes)) {
      out.writeStartObject();
      for (int i = 0; i < header.length; i++) out.writeStringField(header[i], fields.get(i).text());
      out.writeEndObject();
      out.flush();
      String key = keyColumn < 0 ? null : Json.MAPPER.writeValueAsString(fields.get(keyColumn).text());
      return new ParsedRecord(bytes.toByteArray(), key, line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

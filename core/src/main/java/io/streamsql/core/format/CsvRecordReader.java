package io.streamsql.core.format;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads CSV with a header line. Rows are cut at line breaks outside quotes (so quoted fields may
 * span lines) and each row is parsed by Jackson's CSV parser; every row becomes a JSON object of
 * string values named by the header.
 */
public final class CsvRecordReader implements RecordReader {
  private static final ObjectReader ROW_READER =
      new CsvMapper().readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY);

  private final String keyField;
  private final int maxRecordBytes;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean inQuotes;
  private long line = 1;
  private long rowStartLine = 1;
  private String[] header;
  private int keyColumn = -1;

  public CsvRecordReader(String keyField, int maxRecordBytes) {
    this.keyField = keyField == null || keyField.isBlank() ? null : keyField;
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public void feed(byte[] chunk, List<ParsedRecord> records) {
    int rowStart = 0;
    for (int i = 0; i < chunk.length; i++) {
      byte b = chunk[i];
      if (b == '"') {
        inQuotes = !inQuotes;
      } else if (b == '\n') {
        if (!inQuotes) {
          pending.write(chunk, rowStart, i - rowStart);
          completeRow(records);
          rowStart = i + 1;
          line++;
          rowStartLine = line;
          continue;
        }
        line++;
      }
    }
    pending.write(chunk, rowStart, chunk.length - rowStart);
    if (pending.size() > maxRecordBytes) throw tooLarge();
  }

  @Override
  public void finish(List<ParsedRecord> records) {
    if (inQuotes) {
      throw new StreamSqlException(
          ErrorCode.MALFORMED_RECORD,
          "CSV body ends inside a quoted field of the row starting at line " + rowStartLine,
          Map.of("line", rowStartLine));
    }
    completeRow(records);
    if (header == null) {
      throw new StreamSqlException(ErrorCode.MALFORMED_RECORD, "CSV body has no header line", Map.of("line", 1));
    }
  }

  private void completeRow(List<ParsedRecord> records) {
    byte[] row = pending.toByteArray();
    pending.reset();
    if (row.length > maxRecordBytes) throw tooLarge();
    int len = row.length;
    if (len > 0 && row[len - 1] == '\r') len--;
    if (len == 0) return;
    String[] fields = parseRow(Arrays.copyOf(row, len));
    if (header == null) {
      header = fields;
      for (int i = 0; i < header.length; i++) {
        header[i] = header[i].trim();
        if (header[i].equals(keyField)) keyColumn = i;
      }
      if (keyField != null && keyColumn < 0) {
        throw new StreamSqlException(
            ErrorCode.MALFORMED_RECORD,
            "CSV header at line " + rowStartLine + " has no column named '" + keyField + "' (the key_field)",
            Map.of("line", rowStartLine, "key_field", keyField));
      }
      return;
    }
    if (fields.length != header.length) {
      throw new StreamSqlException(
          ErrorCode.MALFORMED_RECORD,
          "CSV row at line " + rowStartLine + " has " + fields.length + " fields but the header has " + header.length,
          Map.of("line", rowStartLine, "fields", fields.length, "expected_fields", header.length));
    }
    ObjectNode value = Json.MAPPER.createObjectNode();
    for (int i = 0; i < fields.length; i++) value.put(header[i], fields[i]);
    try {
      String key = keyColumn < 0 ? null : Json.MAPPER.writeValueAsString(fields[keyColumn]);
      records.add(new ParsedRecord(Json.MAPPER.writeValueAsBytes(value), key, rowStartLine));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String[] parseRow(byte[] row) {
    try {
      try (MappingIterator<String[]> rows = ROW_READER.readValues(row)) {
        return rows.hasNext() ? rows.next() : new String[0];
      }
    } catch (IOException e) {
      throw new StreamSqlException(
          ErrorCode.MALFORMED_RECORD,
          "Malformed CSV row at line " + rowStartLine + ": " + e.getMessage().lines().findFirst().orElse(""),
          Map.of("line", rowStartLine),
          e);
    }
  }

  private StreamSqlException tooLarge() {
    return new StreamSqlException(
        ErrorCode.RECORD_TOO_LARGE,
        "The CSV row starting at line " + rowStartLine + " is larger than the limit of " + maxRecordBytes + " bytes",
        Map.of("line", rowStartLine, "max_record_bytes", maxRecordBytes));
  }
}

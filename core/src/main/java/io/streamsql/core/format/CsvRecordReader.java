package io.streamsql.core.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.Excerpt;
import io.streamsql.core.error.StreamSqlException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CSV (RFC 4180) with a header line, byte by byte as chunks arrive: fields are separated by
 * commas, rows by line breaks ({@code \n} or {@code \r\n}); a quoted field may hold commas, line
 * breaks and doubled quotes ({@code ""}) and must be followed by a comma or the end of the row.
 * Every row becomes a JSON object of string values named by the header. Errors name the line and
 * column where the input went wrong.
 */
public final class CsvRecordReader implements RecordReader {
  private enum State { FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE }

  private final String keyField;
  private final int maxRecordBytes;

  private State state = State.FIELD_START;
  private final ByteArrayOutputStream field = new ByteArrayOutputStream();
  private final List<String> fields = new ArrayList<>();
  /** 1-based column (in characters) where each field of the current row starts. */
  private final List<Integer> fieldColumns = new ArrayList<>();
  /** A {@code \r} outside quotes, kept until we know whether {@code \n} follows. */
  private boolean pendingCr;
  private long rowBytes;
  private long line = 1;
  private int column = 1;
  private long rowStartLine = 1;
  private String[] header;
  private int keyColumn = -1;

  public CsvRecordReader(String keyField, int maxRecordBytes) {
    this.keyField = keyField == null || keyField.isBlank() ? null : keyField;
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public void feed(byte[] chunk, List<ParsedRecord> records) {
    for (byte b : chunk) accept(b, records);
    if (rowBytes > maxRecordBytes) throw tooLarge();
  }

  @Override
  public void finish(List<ParsedRecord> records) {
    if (state == State.QUOTED) {
      throw new StreamSqlException(
          ErrorCode.MALFORMED_RECORD,
          "CSV body ends inside a quoted field of the row starting at line " + rowStartLine,
          Map.of("line", rowStartLine));
    }
    if (pendingCr) {
      field.write('\r');
      pendingCr = false;
    }
    endRow(records);
    if (header == null) {
      throw new StreamSqlException(ErrorCode.MALFORMED_RECORD, "CSV body has no header line", Map.of("line", 1));
    }
  }

  private void accept(byte b, List<ParsedRecord> records) {
    if (pendingCr) {
      pendingCr = false;
      if (b == '\n') {
        endLine(records);
        return;
      }
      field.write('\r');
      state = State.UNQUOTED;
    }
    rowBytes++;
    switch (state) {
      case FIELD_START -> {
        if (fieldColumns.size() == fields.size()) fieldColumns.add(column);
        if (b == '"') state = State.QUOTED;
        else if (!separator(b, records)) {
          field.write(b);
          state = State.UNQUOTED;
        }
      }
      case UNQUOTED -> {
        if (!separator(b, records)) field.write(b);
      }
      case QUOTED -> {
        if (b == '"') {
          state = State.AFTER_QUOTE;
        } else {
          field.write(b);
          if (b == '\n') {
            line++;
            column = 0;
          }
        }
      }
      case AFTER_QUOTE -> {
        if (b == '"') {
          field.write('"');
          state = State.QUOTED;
        } else if (!separator(b, records)) {
          throw new StreamSqlException(
              ErrorCode.MALFORMED_RECORD,
              "Malformed CSV at line " + line + ", column " + column
                  + ": a closing quote must be followed by a comma or a line end (a quote inside a quoted field is written \"\")",
              Map.of("line", line, "column", column));
        }
      }
    }
    if ((b & 0xC0) != 0x80) column++;
    if (rowBytes > maxRecordBytes) throw tooLarge();
  }

  /** Handles a byte that may end a field or a row outside quotes; false if it is field content. */
  private boolean separator(byte b, List<ParsedRecord> records) {
    switch (b) {
      case ',' -> {
        endField();
        state = State.FIELD_START;
        return true;
      }
      case '\n' -> {
        endLine(records);
        column = 0; // the caller counts the line break itself
        return true;
      }
      case '\r' -> {
        pendingCr = true;
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private void endLine(List<ParsedRecord> records) {
    endRow(records);
    line++;
    column = 1;
    rowStartLine = line;
  }

  private void endField() {
    fields.add(field.toString(StandardCharsets.UTF_8));
    field.reset();
  }

  private void endRow(List<ParsedRecord> records) {
    boolean emptyLine = fields.isEmpty() && field.size() == 0 && state == State.FIELD_START;
    if (!emptyLine) {
      endField();
      if (header == null) readHeader();
      else records.add(record());
    }
    fields.clear();
    fieldColumns.clear();
    field.reset();
    state = State.FIELD_START;
    rowBytes = 0;
  }

  private void readHeader() {
    header = new String[fields.size()];
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      String name = fields.get(i).trim();
      int col = i < fieldColumns.size() ? fieldColumns.get(i) : column;
      if (name.isEmpty()) {
        throw new StreamSqlException(
            ErrorCode.MALFORMED_RECORD,
            "CSV header at line " + rowStartLine + " has an empty column name (field " + (i + 1) + ", column " + col + ")",
            Map.of("line", rowStartLine, "column", col, "field", i + 1));
      }
      Integer first = seen.putIfAbsent(name, i + 1);
      if (first != null) {
        throw new StreamSqlException(
            ErrorCode.MALFORMED_RECORD,
            "CSV header at line " + rowStartLine + " names column '" + Excerpt.of(name) + "' twice (fields " + first + " and " + (i + 1) + ")",
            Map.of("line", rowStartLine, "column", col, "field", i + 1));
      }
      header[i] = name;
      if (name.equals(keyField)) keyColumn = i;
    }
    if (keyField != null && keyColumn < 0) {
      throw new StreamSqlException(
          ErrorCode.MALFORMED_RECORD,
          "CSV header at line " + rowStartLine + " has no column named '" + Excerpt.of(keyField) + "' (the key_field)",
          Map.of("line", rowStartLine, "key_field", Excerpt.of(keyField)));
    }
  }

  private ParsedRecord record() {
    if (fields.size() != header.length) {
      throw new StreamSqlException(
          ErrorCode.MALFORMED_RECORD,
          "CSV row at line " + rowStartLine + " has " + fields.size() + " fields but the header has " + header.length,
          Map.of("line", rowStartLine, "fields", fields.size(), "expected_fields", header.length));
    }
    ByteArrayBuilder bytes = new ByteArrayBuilder(Math.max(64, (int) rowBytes * 2));
    try (JsonGenerator out = Json.MAPPER.getFactory().createGenerator(bytes)) {
      out.writeStartObject();
      for (int i = 0; i < header.length; i++) out.writeStringField(header[i], fields.get(i));
      out.writeEndObject();
      out.flush();
      String key = keyColumn < 0 ? null : Json.MAPPER.writeValueAsString(fields.get(keyColumn));
      return new ParsedRecord(bytes.toByteArray(), key, rowStartLine);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private StreamSqlException tooLarge() {
    return new StreamSqlException(
        ErrorCode.RECORD_TOO_LARGE,
        "The CSV row starting at line " + rowStartLine + " is larger than the limit of " + maxRecordBytes + " bytes",
        Map.of("line", rowStartLine, "max_record_bytes", maxRecordBytes));
  }
}

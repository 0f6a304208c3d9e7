package io.streamsql.core.pipeline.ingress;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a CSV body (RFC 4180, no header, as Feldera's ingress reads it), fed in chunks of any
 * size, into rows of fields. Rows end at {@code \n} or {@code \r\n}; a quoted field may hold
 * commas, line breaks and doubled quotes. Blank lines are skipped, as Rust's csv reader that
 * Feldera uses skips them. Fields are decoded as UTF-8 only when complete, so a chunk may end
 * mid-character. Only the row in progress is kept, up to {@code maxRecordBytes}.
 */
final class CsvRowReader {
  /** A field's text and whether it was quoted ({@code ""} is an empty string, never null). */
  record Field(String text, boolean quoted) {}

  interface Sink {
    void row(long record, long line, List<Field> fields);
  }

  private enum State { FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE }

  private final int maxRecordBytes;
  private State state = State.FIELD_START;
  private final ByteArrayOutputStream field = new ByteArrayOutputStream();
  private boolean fieldQuoted;
  private final List<Field> fields = new ArrayList<>();
  /** A {@code \r} outside quotes, held until we know whether {@code \n} follows. */
  private boolean pendingCr;
  private long rowBytes;
  private long records;
  private long line = 1;
  private long rowLine = 1;

  CsvRowReader(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  void feed(byte[] chunk, Sink sink) {
    for (byte b : chunk) accept(b, sink);
  }

  void finish(Sink sink) {
    if (state == State.QUOTED) {
      throw new IngressFormatException(
          records + 1,
          "Record " + (records + 1) + ": the body ends inside a quoted field of the CSV row starting at line " + rowLine
              + " (truncated)",
          Map.of("line", rowLine),
          null);
    }
    // A final \r is the first half of a line break whose \n never came.
    pendingCr = false;
    endRow(sink);
  }

  private void accept(byte b, Sink sink) {
    if (pendingCr) {
      pendingCr = false;
      if (b == '\n') {
        endRow(sink);
        line++;
        return;
      }
      if (state == State.AFTER_QUOTE) throw strayAfterQuote();
      field.write('\r');
      state = State.UNQUOTED;
    }
    if (rowBytes == 0) rowLine = line;
    if (++rowBytes > maxRecordBytes) {
      throw new IngressFormatException(
          records + 1,
          "Record " + (records + 1) + ": the CSV row starting at line " + rowLine + " is larger than the limit of "
              + maxRecordBytes + " bytes",
          Map.of("line", rowLine, "max_record_bytes", maxRecordBytes),
          null);
    }
    switch (state) {
      case FIELD_START -> {
        if (b == '"') {
          state = State.QUOTED;
          fieldQuoted = true;
        } else if (!separator(b, sink)) {
          field.write(b);
          state = State.UNQUOTED;
        }
      }
      case UNQUOTED -> {
        if (!separator(b, sink)) field.write(b);
      }
      case QUOTED -> {
        if (b == '"') {
          state = State.AFTER_QUOTE;
        } else {
          field.write(b);
          if (b == '\n') line++;
        }
      }
      case AFTER_QUOTE -> {
        if (b == '"') {
          field.write('"');
          state = State.QUOTED;
        } else if (!separator(b, sink)) {
          throw strayAfterQuote();
        }
      }
    }
  }

  /** Handles a byte that may end a field or row outside quotes; false if it is field content. */
  private boolean separator(byte b, Sink sink) {
    switch (b) {
      case ',' -> {
        endField();
        return true;
      }
      case '\r' -> {
        pendingCr = true;
        rowBytes--; // counted again if it turns out to be content
        return true;
      }
      case '\n' -> {
        rowBytes--;
        endRow(sink);
        line++;
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private void endField() {
    fields.add(new Field(decode(), fieldQuoted));
    field.reset();
    fieldQuoted = false;
    state = State.FIELD_START;
  }

  private void endRow(Sink sink) {
    boolean blank = rowBytes == 0 && fields.isEmpty() && field.size() == 0 && !fieldQuoted;
    if (!blank) {
      endField();
      records++;
      List<Field> row = List.copyOf(fields);
      fields.clear();
      sink.row(records, rowLine, row);
    }
    fields.clear();
    field.reset();
    fieldQuoted = false;
    state = State.FIELD_START;
    rowBytes = 0;
  }

  private String decode() {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(field.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IngressFormatException(
          records + 1,
          "Record " + (records + 1) + ": field " + (fields.size() + 1) + " of the CSV row starting at line " + rowLine
              + " is not valid UTF-8",
          Map.of("line", rowLine),
          e);
    }
  }

  private IngressFormatException strayAfterQuote() {
    return new IngressFormatException(
        records + 1,
        "Record " + (records + 1) + ": malformed CSV at line " + line + ", field " + (fields.size() + 1)
            + ": a closing quote must be followed by a comma or a line end (a quote inside a quoted field is written \"\")",
        Map.of("line", line),
        null);
  }
}

package io.streamsql.core.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV (RFC 4180), fed in chunks of any size, into rows of fields. It is the one CSV
 * tokenizer of the server: stream/table uploads ({@link CsvRecordReader}, which adds the header)
 * and pipeline ingress (Feldera's header-less CSV) both use it, and only word their errors
 * differently through {@link Errors}.
 *
 * <p>Fields are separated by commas, rows by {@code \n} or {@code \r\n}; a lone {@code \r} is
 * field content, except at the very end of the body, where it is taken as a line break whose
 * {@code \n} never came. A quoted field may hold commas, line breaks and doubled quotes and must
 * be followed by a comma or a line end. Blank lines are skipped. A field is decoded as UTF-8 only
 * once complete, so a chunk may end mid-character. Only the row in progress is kept, and a row
 * over {@code maxRecordBytes} (not counting its line break) is an error.
 */
public final class CsvTokenizer {
  /**
   * A field's text, whether it was quoted ({@code ""} is an empty string, never null), and the
   * 1-based column, in characters, where it starts (for messages that point into the header).
   */
  public record Field(String text, boolean quoted, int column) {}

  /** Receives each complete row: its 1-based number (blank lines not counted) and first line. */
  public interface Sink {
    void row(long row, long line, List<Field> fields);
  }

  /**
   * Words the syntax errors; each caller has its own (and clients depend on) its message texts.
   * {@code row} is the 1-based number of the row at fault, counting the rows emitted before it.
   */
  public interface Errors {
    RuntimeException unclosedQuote(long row, long rowLine);

    /** {@code line}/{@code column} point at the offending byte; {@code field} is 1-based. */
    RuntimeException strayAfterQuote(long row, long line, int column, int field);

    RuntimeException tooLarge(long row, long rowLine, int maxRecordBytes);

    /** Only raised when the tokenizer was built with {@code strictUtf8}. */
    RuntimeException invalidUtf8(long row, long rowLine, int field, CharacterCodingException cause);
  }

  private enum State { FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE }

  private final int maxRecordBytes;
  private final boolean strictUtf8;
  private final Errors errors;

  private State state = State.FIELD_START;
  private final ByteArrayOutputStream field = new ByteArrayOutputStream();
  private boolean fieldQuoted;
  /** Column where the field in progress starts; 0 until its first byte is seen. */
  private int fieldColumn;
  private final List<Field> fields = new ArrayList<>();
  /** A {@code \r} outside quotes, held until we know whether {@code \n} follows. */
  private boolean pendingCr;
  /** Bytes of the row in progress, line break excluded. */
  private long rowBytes;
  private long rows;
  private long line = 1;
  /** 1-based column, in characters, of the next byte. */
  private int column = 1;
  private long rowLine = 1;

  /**
   * @param strictUtf8 true to refuse a field that is not valid UTF-8 (ingress, as Feldera does);
   *     false to decode it with replacement characters (uploads always have)
   */
  public CsvTokenizer(int maxRecordBytes, boolean strictUtf8, Errors errors) {
    this.maxRecordBytes = maxRecordBytes;
    this.strictUtf8 = strictUtf8;
    this.errors = errors;
  }

  public void feed(byte[] chunk, Sink sink) {
    for (byte b : chunk) accept(b, sink);
  }

  /** Ends the body: emits the last row, or fails if it ends inside quotes. */
  public void finish(Sink sink) {
    if (state == State.QUOTED) throw errors.unclosedQuote(rows + 1, rowLine);
    pendingCr = false;
    endRow(sink);
  }

  private void accept(byte b, Sink sink) {
    if (pendingCr) {
      pendingCr = false;
      if (b == '\n') {
        endLine(sink);
        return;
      }
      // Not a line break after all: the \r is content, which a closed quote may not be followed by.
      if (state == State.AFTER_QUOTE) throw errors.strayAfterQuote(rows + 1, line, column - 1, fields.size() + 1);
      field.write('\r');
      state = State.UNQUOTED;
      rowBytes++;
    }
    rowBytes++;
    switch (state) {
      case FIELD_START -> {
        if (fieldColumn == 0) fieldColumn = column;
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
          if (b == '\n') {
            line++;
            column = 0; // counted up to 1 below
          }
        }
      }
      case AFTER_QUOTE -> {
        if (b == '"') {
          field.write('"');
          state = State.QUOTED;
        } else if (!separator(b, sink)) {
          throw errors.strayAfterQuote(rows + 1, line, column, fields.size() + 1);
        }
      }
    }
    if ((b & 0xC0) != 0x80) column++; // UTF-8 continuation bytes share their character's column
    if (rowBytes > maxRecordBytes) throw errors.tooLarge(rows + 1, rowLine, maxRecordBytes);
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
        endLine(sink);
        column = 0; // the caller counts the line break itself
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private void endLine(Sink sink) {
    endRow(sink);
    line++;
    column = 1;
    // Line breaks inside a row are all quoted, so the next row starts on this line.
    rowLine = line;
  }

  private void endField() {
    fields.add(new Field(decode(), fieldQuoted, fieldColumn == 0 ? column : fieldColumn));
    field.reset();
    fieldQuoted = false;
    fieldColumn = 0;
    state = State.FIELD_START;
  }

  private void endRow(Sink sink) {
    boolean blank = fields.isEmpty() && field.size() == 0 && state == State.FIELD_START;
    if (!blank) {
      endField();
      rows++;
      List<Field> row = List.copyOf(fields);
      fields.clear();
      sink.row(rows, rowLine, row);
    }
    fields.clear();
    field.reset();
    fieldQuoted = false;
    fieldColumn = 0;
    state = State.FIELD_START;
    rowBytes = 0;
  }

  private String decode() {
    if (!strictUtf8) return field.toString(StandardCharsets.UTF_8);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(field.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw errors.invalidUtf8(rows + 1, rowLine, fields.size() + 1, e);
    }
  }
}

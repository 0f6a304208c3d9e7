package io.streamsql.core.format;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.nio.charset.CharacterCodingException;
import java.util.Map;

/**
 * The syntax errors of CSV stream/table uploads, worded as clients of the upload API have always
 * seen them: by line and column, without record numbers.
 */
final class CsvUploadErrors implements CsvTokenizer.Errors {
  @Override
  public RuntimeException unclosedQuote(long row, long rowLine) {
    return new StreamSqlException(
        ErrorCode.MALFORMED_RECORD,
        "CSV body ends inside a quoted field of the row starting at line " + rowLine,
        Map.of("line", rowLine));
  }

  @Override
  public RuntimeException strayAfterQuote(long row, long line, int column, int field) {
    return new StreamSqlException(
        ErrorCode.MALFORMED_RECORD,
        "Malformed CSV at line " + line + ", column " + column
            + ": a closing quote must be followed by a comma or a line end (a quote inside a quoted field is written \"\")",
        Map.of("line", line, "column", column));
  }

  @Override
  public RuntimeException tooLarge(long row, long rowLine, int maxRecordBytes) {
    return new StreamSqlException(
        ErrorCode.RECORD_TOO_LARGE,
        "The CSV row starting at line " + rowLine + " is larger than the limit of " + maxRecordBytes + " bytes",
        Map.of("line", rowLine, "max_record_bytes", maxRecordBytes));
  }

  @Override
  public RuntimeException invalidUtf8(long row, long rowLine, int field, CharacterCodingException cause) {
    // Uploads decode leniently (replacement characters), so the tokenizer never asks for this.
    throw new IllegalStateException("CSV uploads do not check UTF-8", cause);
  }
}

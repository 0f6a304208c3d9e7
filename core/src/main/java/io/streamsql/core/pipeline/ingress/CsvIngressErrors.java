package io.streamsql.core.pipeline.ingress;

import io.streamsql.core.format.CsvTokenizer;
import java.nio.charset.CharacterCodingException;
import java.util.Map;

/**
 * The syntax errors of pipeline CSV ingress: like every ingress error they start with the
 * 1-based record number (a record is a CSV row, blank lines not counted), so the client can find
 * and fix it, and carry it as an {@link IngressFormatException}.
 */
final class CsvIngressErrors implements CsvTokenizer.Errors {
  @Override
  public RuntimeException unclosedQuote(long row, long rowLine) {
    return new IngressFormatException(
        row,
        "Record " + row + ": the body ends inside a quoted field of the CSV row starting at line " + rowLine
            + " (truncated)",
        Map.of("line", rowLine),
        null);
  }

  @Override
  public RuntimeException strayAfterQuote(long row, long line, int column, int field) {
    return new IngressFormatException(
        row,
        "Record " + row + ": malformed CSV at line " + line + ", field " + field
            + ": a closing quote must be followed by a comma or a line end (a quote inside a quoted field is written \"\")",
        Map.of("line", line),
        null);
  }

  @Override
  public RuntimeException tooLarge(long row, long rowLine, int maxRecordBytes) {
    return new IngressFormatException(
        row,
        "Record " + row + ": the CSV row starting at line " + rowLine + " is larger than the limit of "
            + maxRecordBytes + " bytes",
        Map.of("line", rowLine, "max_record_bytes", maxRecordBytes),
        null);
  }

  @Override
  public RuntimeException invalidUtf8(long row, long rowLine, int field, CharacterCodingException cause) {
    return new IngressFormatException(
        row,
        "Record " + row + ": field " + field + " of the CSV row starting at line " + rowLine + " is not valid UTF-8",
        Map.of("line", rowLine),
        cause);
  }
}

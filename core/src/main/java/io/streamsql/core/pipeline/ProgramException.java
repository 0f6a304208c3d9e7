package io.streamsql.core.pipeline;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.Map;

/**
 * An error in a pipeline program. Line and column are 1-based and point into the whole program
 * text (not into one statement), so an editor can put the cursor on the fault; both are in the
 * message and in {@link #details()} for clients that read fields.
 */
public final class ProgramException extends StreamSqlException {
  private final int line;
  private final int column;

  public ProgramException(ErrorCode code, int line, int column, String message) {
    this(code, line, column, message, null);
  }

  public ProgramException(ErrorCode code, int line, int column, String message, Throwable cause) {
    super(code, "line " + line + ", column " + column + ": " + message, Map.of("line", line, "column", column), cause);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}

package io.streamsql.core.pipeline;

import io.streamsql.core.error.ErrorCode;

/**
 * The program's text, and where an offset in it is as 1-based line and column. As in the engine's
 * lexer, only '\n' ends a line and every character (a tab too, or one outside the BMP) is one column, so positions the
 * engine reports for a part of the program agree with ours.
 */
record ProgramText(String text) {
  int line(int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < text.length(); i++) if (text.charAt(i) == '\n') line++;
    return line;
  }

  int column(int offset) {
    int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return text.codePointCount(lineStart, offset) + 1; // the engine's lexer counts code points, not UTF-16 chars
  }

  ProgramException error(ErrorCode code, int offset, String message) {
    return new ProgramException(code, line(offset), column(offset), message);
  }

  /**
   * The text from {@code start} to {@code end}, preceded by the program before it with every
   * character but '\n' blanked: a parser of the result reports lines and columns of the program.
   */
  String atItsPosition(int start, int end) {
    StringBuilder out = new StringBuilder(end);
    for (int i = 0; i < start; i++) out.append(text.charAt(i) == '\n' ? '\n' : ' ');
    return out.append(text, start, end).toString();
  }
}

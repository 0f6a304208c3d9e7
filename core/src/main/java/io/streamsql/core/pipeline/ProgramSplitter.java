package io.streamsql.core.pipeline;

import io.streamsql.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a program into statements at each ';' that is not inside a comment ({@code --} to the end
 * of the line, {@code /* *}{@code /}), a string ('…' with '' escapes) or a quoted identifier
 * ("…" or `…`, doubled to escape). Each statement's span leaves out the comments and whitespace
 * around it, so its start is where a user would say the statement begins.
 */
final class ProgramSplitter {
  /** A statement's span in the program: {@code start} inclusive, {@code end} exclusive. */
  record Span(int start, int end) {}

  private ProgramSplitter() {}

  static List<Span> split(ProgramText program) {
    String s = program.text();
    int n = s.length();
    List<Span> out = new ArrayList<>();
    int start = -1;
    int end = -1;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        int newline = s.indexOf('\n', i);
        i = newline < 0 ? n : newline + 1;
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int close = s.indexOf("*/", i + 2);
        if (close < 0) throw program.error(ErrorCode.SQL_SYNTAX_ERROR, i, "comment is not closed with */");
        i = close + 2;
      } else if (c == ';') {
        if (start >= 0) out.add(new Span(start, end));
        start = -1;
        i++;
      } else {
        if (start < 0) start = i;
        i = (c == '\'' || c == '"' || c == '`') ? closingQuote(program, i) + 1 : i + 1;
        end = i;
      }
    }
    if (start >= 0) out.add(new Span(start, end));
    return out;
  }

  /** The index of the quote closing the one at {@code open}; a doubled quote inside is an escaped one. */
  static int closingQuote(ProgramText program, int open) {
    String s = program.text();
    char quote = s.charAt(open);
    for (int i = open + 1; i < s.length(); i++) {
      if (s.charAt(i) != quote) continue;
      if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
        i++;
      } else {
        return i;
      }
    }
    String what = quote == '\'' ? "string" : "quoted identifier";
    throw program.error(ErrorCode.SQL_SYNTAX_ERROR, open, what + " is not closed with " + quote);
  }
}

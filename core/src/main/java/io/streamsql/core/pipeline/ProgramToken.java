package io.streamsql.core.pipeline;

import io.streamsql.core.error.Excerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A token of a program statement, for the parts read by hand (statement heads, table column
 * lists): a word, a "quoted" identifier (text unescaped), a number, a 'string' or one symbol
 * character. {@code start}/{@code end} are offsets in the program.
 */
record ProgramToken(Type type, String text, int start, int end) {
  enum Type { WORD, QUOTED, NUMBER, STRING, SYMBOL }

  boolean isWord(String word) {
    return type == Type.WORD && text.equalsIgnoreCase(word);
  }

  boolean isSymbol(char c) {
    return type == Type.SYMBOL && text.charAt(0) == c;
  }

  boolean isName() {
    return type == Type.WORD || type == Type.QUOTED;
  }

  /** The name as the engine stores it: unquoted upper-cased, quoted as written. */
  String name() {
    return type == Type.QUOTED ? text : text.toUpperCase(Locale.ROOT);
  }

  /** The token as written, for messages (cut short: a string literal may be long). */
  String shown() {
    return Excerpt.of(type == Type.QUOTED ? '"' + text.replace("\"", "\"\"") + '"' : text);
  }

  /** Tokens of {@code program} from {@code start} to {@code end}, comments and whitespace skipped. */
  static List<ProgramToken> tokenize(ProgramText program, int start, int end) {
    String s = program.text();
    List<ProgramToken> out = new ArrayList<>();
    int i = start;
    while (i < end) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < end && s.charAt(i + 1) == '-') {
        int newline = s.indexOf('\n', i);
        i = newline < 0 || newline > end ? end : newline + 1;
      } else if (c == '/' && i + 1 < end && s.charAt(i + 1) == '*') {
        i = s.indexOf("*/", i + 2) + 2; // the splitter has checked that it is closed
      } else if (c == '"' || c == '\'' || c == '`') {
        int close = ProgramSplitter.closingQuote(program, i);
        String inner = s.substring(i + 1, close).replace(String.valueOf(c) + c, String.valueOf(c));
        Type type = c == '\'' ? Type.STRING : Type.QUOTED;
        out.add(new ProgramToken(type, type == Type.STRING ? s.substring(i, close + 1) : inner, i, close + 1));
        i = close + 1;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i + 1;
        while (j < end && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) j++;
        out.add(new ProgramToken(Type.WORD, s.substring(i, j), i, j));
        i = j;
      } else if (Character.isDigit(c)) {
        int j = i + 1;
        while (j < end && Character.isDigit(s.charAt(j))) j++;
        out.add(new ProgramToken(Type.NUMBER, s.substring(i, j), i, j));
        i = j;
      } else {
        out.add(new ProgramToken(Type.SYMBOL, String.valueOf(c), i, i + 1));
        i++;
      }
    }
    return out;
  }
}

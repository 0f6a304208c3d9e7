package io.streamsql.core.sql;

import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.misc.Interval;

/**
 * ksqlDB's syntax error text: {@code line L:C: Syntax Error}, then {@code Expecting {…}} for a
 * token that does not fit (ANTLR's own words otherwise, e.g. {@code missing ')' at ','}), then
 * {@code Statement: …} with the text of the statement at fault.
 */
final class SyntaxErrorMessage {
  private SyntaxErrorMessage() {}

  static String of(Recognizer<?, ?> recognizer, int line, int column, String antlrMessage, RecognitionException e) {
    String detail = expectsAt(e) ? "Expecting " + e.getExpectedTokens().toString(recognizer.getVocabulary()) : antlrMessage;
    String statement = recognizer instanceof Parser p ? statementText(p.getContext()) : null;
    return "line " + line + ":" + column + ": Syntax Error\n" + detail + (statement == null ? "" : "\nStatement: " + statement);
  }

  /**
   * Whether the expected tokens describe the offending position: a mismatched token, or no
   * alternative fitting the very first token of a decision (later tokens mean a longer prediction failed).
   */
  private static boolean expectsAt(RecognitionException e) {
    if (e instanceof InputMismatchException) return e.getExpectedTokens() != null;
    return e instanceof NoViableAltException n && n.getStartToken() == n.getOffendingToken() && e.getExpectedTokens() != null;
  }

  /** The text of the statement being parsed, from its first token to its ';' (or the end of the input). */
  private static String statementText(ParserRuleContext ctx) {
    while (ctx != null && !(ctx instanceof StreamSqlParser.StatementContext)) ctx = ctx.getParent();
    if (ctx == null || ctx.getStart() == null) return null;
    var input = ctx.getStart().getInputStream();
    int start = ctx.getStart().getStartIndex();
    String rest = input.getText(Interval.of(start, input.size() - 1));
    return rest.substring(0, endOfStatement(rest)).strip();
  }

  /** The index just past the first ';' outside quotes and comments, or the length. */
  private static int endOfStatement(String text) {
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        int nl = text.indexOf('\n', i);
        if (nl < 0) return text.length();
        i = nl;
      } else if (c == ';') {
        return i + 1;
      }
    }
    return text.length();
  }
}

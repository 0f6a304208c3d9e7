package io.streamsql.core.pipeline;

import io.streamsql.core.error.ErrorCode;
import java.util.List;

/**
 * Reads a statement's tokens in order for the hand-written parts of the translator; its errors
 * point at the token at fault, or at the statement's end when tokens ran out.
 */
final class TokenCursor {
  private final ProgramText program;
  private final List<ProgramToken> tokens;
  private final int statementEnd;
  private int next;

  TokenCursor(ProgramText program, List<ProgramToken> tokens, int statementEnd) {
    this.program = program;
    this.tokens = tokens;
    this.statementEnd = statementEnd;
  }

  ProgramText program() {
    return program;
  }

  boolean atEnd() {
    return next >= tokens.size();
  }

  /** The next token without taking it, or null at the end. */
  ProgramToken peek() {
    return atEnd() ? null : tokens.get(next);
  }

  boolean peekWord(String word) {
    return !atEnd() && peek().isWord(word);
  }

  boolean peekSymbol(char c) {
    return !atEnd() && peek().isSymbol(c);
  }

  ProgramToken next(String expected) {
    if (atEnd()) throw syntaxError(null, "expected " + expected + " but the statement ends");
    return tokens.get(next++);
  }

  ProgramToken expectWord(String word) {
    ProgramToken t = next(word);
    if (!t.isWord(word)) throw syntaxError(t, "expected " + word + " but found '" + t.shown() + "'");
    return t;
  }

  ProgramToken expectSymbol(char c) {
    ProgramToken t = next("'" + c + "'");
    if (!t.isSymbol(c)) throw syntaxError(t, "expected '" + c + "' but found '" + t.shown() + "'");
    return t;
  }

  ProgramToken expectName(String what) {
    ProgramToken t = next(what);
    if (!t.isName()) throw syntaxError(t, "expected " + what + " but found '" + t.shown() + "'");
    return t;
  }

  int expectNumber(String what) {
    ProgramToken t = next(what);
    if (t.type() != ProgramToken.Type.NUMBER) throw syntaxError(t, "expected " + what + " but found '" + t.shown() + "'");
    try {
      return Integer.parseInt(t.text());
    } catch (NumberFormatException e) {
      throw syntaxError(t, what + " is too large: " + t.text());
    }
  }

  ProgramException syntaxError(ProgramToken at, String message) {
    return error(ErrorCode.SQL_SYNTAX_ERROR, at, message);
  }

  ProgramException error(ErrorCode code, ProgramToken at, String message) {
    return program.error(code, at == null ? statementEnd : at.start(), message);
  }
}

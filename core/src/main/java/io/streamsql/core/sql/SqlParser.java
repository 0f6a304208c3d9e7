package io.streamsql.core.sql;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses ksqlDB-dialect SQL text with the ANTLR grammar {@code StreamSql.g4}. A syntax error
 * becomes {@link ErrorCode#SQL_SYNTAX_ERROR} naming the line and column.
 */
public final class SqlParser {
  /** One statement of a script: its parse tree and its own text. */
  public record ParsedStatement(StreamSqlParser.StatementContext tree, String text, int line) {}

  private SqlParser() {}

  public static List<ParsedStatement> parse(String sql) {
    StreamSqlParser.StatementsContext script = parser(sql).statements();
    List<ParsedStatement> out = new ArrayList<>();
    for (StreamSqlParser.StatementContext statement : script.statement()) {
      out.add(new ParsedStatement(statement, textOf(statement), statement.getStart().getLine()));
    }
    return out;
  }

  /** Parses one expression, as a stored query plan holds them. */
  public static io.streamsql.core.sql.tree.SqlExpression parseExpression(String text) {
    return new io.streamsql.core.sql.tree.SqlExpression(text, parser(text).singleExpression().expression());
  }

  /** Parses a type as {@link SqlType#sql()} writes it, e.g. for types stored by CREATE TYPE. */
  public static SqlType parseType(String text) {
    return SourceStatements.type(parser(text).singleType().type());
  }

  private static StreamSqlParser parser(String sql) {
    BaseErrorListener errors = new BaseErrorListener() {
      @Override
      public void syntaxError(
          Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column, String msg, RecognitionException e) {
        throw new StreamSqlException(ErrorCode.SQL_SYNTAX_ERROR, SyntaxErrorMessage.of(recognizer, line, column + 1, msg, e),
            Map.of("line", line, "column", column + 1));
      }
    };
    StreamSqlLexer lexer = new StreamSqlLexer(CharStreams.fromString(sql));
    lexer.removeErrorListeners();
    lexer.addErrorListener(errors);
    StreamSqlParser parser = new StreamSqlParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(errors);
    parser.getInterpreter().setPredictionMode(PredictionMode.LL);
    return parser;
  }

  private static String textOf(ParserRuleContext ctx) {
    int start = ctx.getStart().getStartIndex();
    int stop = ctx.getStop() == null ? start : ctx.getStop().getStopIndex();
    return ctx.getStart().getInputStream().getText(Interval.of(start, stop));
  }

  /** Whether {@code sql} parses; for tools that only need a yes or no. */
  public static boolean isValid(String sql) {
    try {
      parse(sql);
      return true;
    } catch (StreamSqlException | ParseCancellationException e) {
      return false;
    }
  }
}

package io.streamsql.core.sql.expr;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.Map;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.misc.Interval;

/** Planning errors that name the expression and where it is. */
public final class SqlErrors {
  private SqlErrors() {}

  public static StreamSqlException at(ParserRuleContext ctx, String message) {
    int line = ctx.getStart().getLine();
    int column = ctx.getStart().getCharPositionInLine() + 1;
    return new StreamSqlException(ErrorCode.SQL_ERROR, message, Map.of("line", line, "column", column));
  }

  public static StreamSqlException of(String message) {
    return new StreamSqlException(ErrorCode.SQL_ERROR, message);
  }

  /** The original text of a parse tree node, whitespace and case as the user wrote them. */
  /** Where a construct starts, as ksqlDB's messages name it: {@code Line: 3, Col: 70: }. */
  public static String position(ParserRuleContext ctx) {
    return "Line: " + ctx.getStart().getLine() + ", Col: " + (ctx.getStart().getCharPositionInLine() + 1) + ": ";
  }

  public static String text(ParserRuleContext ctx) {
    int start = ctx.getStart().getStartIndex();
    int stop = ctx.getStop() == null ? start : ctx.getStop().getStopIndex();
    if (stop < start) return ctx.getText();
    return ctx.getStart().getInputStream().getText(Interval.of(start, stop));
  }
}

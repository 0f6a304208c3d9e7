package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser.*;
import java.math.BigDecimal;
import java.util.Locale;
import org.antlr.v4.runtime.ParserRuleContext;

/** Literal values: INT or BIGINT by size, DECIMAL for 1.5, DOUBLE for 1.5E0, STRING, BOOLEAN, NULL. */
final class Literals {
  private Literals() {}

  static CompiledExpr compile(LiteralContext literal, String text) {
    if (literal instanceof NullLiteralContext) return new CompiledExpr(SqlTypes.NULL, row -> null, text);
    if (literal instanceof BooleanLiteralContext b) {
      Boolean v = b.TRUE() != null;
      return new CompiledExpr(SqlTypes.BOOLEAN, row -> v, text);
    }
    if (literal instanceof StringLiteralContext s) {
      String v = SourceStatements.unquoteString(s.STRING().getText());
      return new CompiledExpr(SqlTypes.STRING, row -> v, text);
    }
    if (literal instanceof VariableLiteralContext) {
      throw SqlErrors.at(literal, "Undefined variable " + literal.getText());
    }
    NumberContext n = ((NumericLiteralContext) literal).number();
    String t = n.getText();
    if (n instanceof IntegerLiteralContext) {
      BigDecimal big = new BigDecimal(t);
      if (big.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0 && big.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0) {
        Integer v = big.intValueExact();
        return new CompiledExpr(SqlTypes.INT, row -> v, text);
      }
      if (big.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 && big.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
        Long v = big.longValueExact();
        return new CompiledExpr(SqlTypes.BIGINT, row -> v, text);
      }
      throw parseError(literal, "Invalid numeric literal: " + t);
    }
    if (n instanceof DecimalLiteralContext) return decimal(new BigDecimal(t), text);
    Double v = Double.parseDouble(t);
    if (v.isInfinite()) throw parseError(literal, "Number overflows DOUBLE: " + t);
    return new CompiledExpr(SqlTypes.DOUBLE, row -> v, text);
  }

  /**
   * ksqlDB finds bad literals while it builds the statement, and reports them as a statement that
   * failed to prepare, at "line L:C" where C is one more than the literal's column: its parser adds
   * one to a column that is already counted from one ("line 2:40" for a literal at column 39).
   */
  private static RuntimeException parseError(ParserRuleContext literal, String message) {
    int line = literal.getStart().getLine();
    int column = literal.getStart().getCharPositionInLine() + 2;
    return SqlErrors.at(literal, "Failed to prepare statement: line " + line + ":" + column + ": " + message);
  }

  private static CompiledExpr decimal(BigDecimal v, String text) {
    int scale = Math.max(v.scale(), 0);
    int precision = Math.max(v.precision(), scale);
    if (precision == 0) precision = 1;
    return new CompiledExpr(new SqlType.Decimal(precision, scale), row -> v, text);
  }

  /** Whether an expression is a bare literal (number, string, boolean or NULL). */
  static boolean isLiteral(ExpressionContext e) {
    return e.booleanExpression() instanceof PredicatedContext p && p.predicate() == null
        && p.valueExpression() instanceof ValueExpressionDefaultContext d
        && d.primaryExpression() instanceof LiteralExpressionContext;
  }

  static SqlType namedType(IdentifierContext id, ParserRuleContext ctx) {
    return switch (id.getText().toUpperCase(Locale.ROOT)) {
      case "DATE" -> SqlTypes.DATE;
      case "TIME" -> SqlTypes.TIME;
      case "TIMESTAMP" -> SqlTypes.TIMESTAMP;
      default -> throw SqlErrors.at(ctx, "Unknown literal type " + id.getText());
    };
  }
}

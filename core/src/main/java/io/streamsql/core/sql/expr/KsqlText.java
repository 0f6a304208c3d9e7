package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.StreamSqlParser.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An expression printed as ksqlDB's ExpressionFormatter prints it in error messages, for the
 * forms where that differs from the text the user wrote: binary arithmetic is parenthesized
 * ({@code (true + 1.5)}), boolean literals are lower case, source parentheses are dropped, names
 * are upper-cased unless quoted, and constructors read {@code MAP('a':=X)}, {@code STRUCT(F0:=X)},
 * {@code ARRAY[1, 2]}. Every other form is printed as written.
 */
public final class KsqlText {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

  private KsqlText() {}

  public static String of(ExpressionContext e) {
    BooleanExpressionContext b = e.booleanExpression();
    if (b instanceof PredicatedContext p && p.predicate() == null) return of(p.valueExpression());
    return SqlErrors.text(e);
  }

  public static String of(ValueExpressionContext v) {
    if (v instanceof ArithmeticBinaryContext a) {
      return "(" + of(a.left) + " " + a.operator.getText() + " " + of(a.right) + ")";
    }
    if (v instanceof ValueExpressionDefaultContext d) return of(d.primaryExpression());
    return SqlErrors.text(v);
  }

  public static String of(PrimaryExpressionContext p) {
    if (p instanceof ParenthesizedExpressionContext paren) return of(paren.expression());
    if (p instanceof LiteralExpressionContext l && l.literal() instanceof BooleanLiteralContext bool) {
      return String.valueOf(bool.TRUE() != null);
    }
    if (p instanceof ColumnReferenceContext c) return name(SourceStatements.identifier(c.identifier()));
    if (p instanceof ArrayConstructorContext a) return "ARRAY[" + String.join(", ", all(a.expression())) + "]";
    if (p instanceof MapConstructorContext m) {
      List<String> entries = new ArrayList<>();
      for (int i = 0; i + 1 < m.expression().size(); i += 2) entries.add(of(m.expression(i)) + ":=" + of(m.expression(i + 1)));
      return "MAP(" + String.join(", ", entries) + ")";
    }
    if (p instanceof StructConstructorContext s) {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < s.identifier().size(); i++) {
        fields.add(name(SourceStatements.identifier(s.identifier(i))) + ":=" + of(s.expression(i)));
      }
      return "STRUCT(" + String.join(", ", fields) + ")";
    }
    if (p instanceof FunctionCallContext f && f.ASTERISK() == null && f.functionArgument().stream().allMatch(x -> x.lambda() == null)) {
      List<String> args = new ArrayList<>();
      for (FunctionArgumentContext x : f.functionArgument()) args.add(of(x.expression()));
      return SourceStatements.identifier(f.identifier()).toUpperCase(Locale.ROOT) + "(" + String.join(", ", args) + ")";
    }
    return SqlErrors.text(p);
  }

  /** The primary expression an expression is, through parentheses (which ksqlDB's tree does not keep), or null when it is more. */
  static PrimaryExpressionContext primary(ExpressionContext e) {
    if (!(e.booleanExpression() instanceof PredicatedContext p) || p.predicate() != null) return null;
    if (!(p.valueExpression() instanceof ValueExpressionDefaultContext d)) return null;
    PrimaryExpressionContext primary = d.primaryExpression();
    return primary instanceof ParenthesizedExpressionContext paren ? primary(paren.expression()) : primary;
  }

  private static List<String> all(List<ExpressionContext> es) {
    return es.stream().map(KsqlText::of).toList();
  }

  /** A name is back-quoted when it is not plain upper-case text, as ksqlDB's formatter escapes it. */
  private static String name(String n) {
    return PLAIN_NAME.matcher(n).matches() ? n : "`" + n + "`";
  }
}

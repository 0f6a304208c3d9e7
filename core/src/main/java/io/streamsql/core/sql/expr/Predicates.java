package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.StreamSqlParser.*;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Comparison, IS [NOT] DISTINCT FROM, BETWEEN, IN, LIKE and IS [NOT] NULL. */
final class Predicates {
  private Predicates() {}

  /** ROWTIME, WINDOWSTART and WINDOWEND compare with ISO text as ksqlDB does (its magic timestamp conversion). */
  private static boolean isTimeColumn(CompiledExpr e) {
    String t = e.text();
    return t.equalsIgnoreCase("ROWTIME") || t.equalsIgnoreCase("WINDOWSTART") || t.equalsIgnoreCase("WINDOWEND");
  }

  static CompiledExpr compile(ExpressionCompiler c, PredicateContext p, CompiledExpr value, Scope scope, String text) {
    if (p instanceof ComparisonContext cmp) {
      CompiledExpr right = c.value(cmp.right, scope);
      int op = ((org.antlr.v4.runtime.tree.TerminalNode) cmp.comparisonOperator().getChild(0)).getSymbol().getType();
      if (SqlTypes.isNull(value.type()) || SqlTypes.isNull(right.type())) {
        throw SqlErrors.at(cmp, "Comparison with NULL not supported: " + value.text() + " " + cmp.comparisonOperator().getText() + " "
            + right.text());
      }
      if (isTimeColumn(value)) right = Timestamps.rowtimeOperand(right);
      else if (isTimeColumn(right)) value = Timestamps.rowtimeOperand(value);
      return new CompiledExpr(SqlTypes.BOOLEAN, comparison(op, value, right, cmp, operatorName(op)), text);
    }
    if (p instanceof DistinctFromContext d) {
      CompiledExpr right = c.value(d.right, scope);
      SqlType as = comparable(value, right, d, "=");
      Eval l = Comparisons.operand(value, as);
      Eval r = Comparisons.operand(right, as);
      boolean not = d.NOT() != null;
      return new CompiledExpr(SqlTypes.BOOLEAN, row -> {
        Object x = l.eval(row);
        Object y = r.eval(row);
        boolean same = x == null ? y == null : y != null && Comparisons.equal(x, y);
        return not == same;
      }, text);
    }
    if (p instanceof BetweenContext b) {
      CompiledExpr lower = c.value(b.lower, scope);
      CompiledExpr upper = c.value(b.upper, scope);
      if (isTimeColumn(value)) {
        lower = Timestamps.rowtimeOperand(lower);
        upper = Timestamps.rowtimeOperand(upper);
      }
      SqlType as = comparable(value, lower, b, "BETWEEN");
      as = comparable(new CompiledExpr(as, value.eval(), value.text()), upper, b, "BETWEEN");
      Eval v = Comparisons.operand(value, as);
      Eval lo = Comparisons.operand(lower, as);
      Eval hi = Comparisons.operand(upper, as);
      boolean not = b.NOT() != null;
      return new CompiledExpr(SqlTypes.BOOLEAN, row -> {
        Object x = v.eval(row);
        Object l = lo.eval(row);
        Object h = hi.eval(row);
        if (x == null || l == null || h == null) return false;
        boolean in = Comparisons.compare(x, l) >= 0 && Comparisons.compare(x, h) <= 0;
        return in != not;
      }, text);
    }
    if (p instanceof InListContext in) return inList(c, in, value, scope, text);
    if (p instanceof LikeContext like) {
      CompiledExpr pattern = c.value(like.pattern, scope);
      if (!SqlTypes.isBase(value.type(), SqlType.Base.STRING) && !SqlTypes.isNull(value.type())
          || !SqlTypes.isBase(pattern.type(), SqlType.Base.STRING) && !SqlTypes.isNull(pattern.type())) {
        throw SqlErrors.at(like, "LIKE expects STRING operands: " + text);
      }
      Character escape = like.escape == null ? null : SourceStatements.unquoteString(like.escape.getText()).charAt(0);
      Eval v = value.eval();
      Eval pe = pattern.eval();
      boolean not = like.NOT() != null;
      return new CompiledExpr(SqlTypes.BOOLEAN, row -> {
        String s = (String) v.eval(row);
        String pat = (String) pe.eval(row);
        if (s == null || pat == null) return null;
        return likeRegex(pat, escape).matcher(s).matches() != not;
      }, text);
    }
    NullPredicateContext n = (NullPredicateContext) p;
    Eval v = value.eval();
    boolean not = n.NOT() != null;
    return new CompiledExpr(SqlTypes.BOOLEAN, row -> (v.eval(row) == null) != not, text);
  }

  static Pattern likeRegex(String pattern, Character escape) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (escape != null && ch == escape && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (ch == '%') {
        re.append(".*");
      } else if (ch == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  private static String operatorName(int op) {
    return switch (op) {
      case StreamSqlParser.EQ -> "EQUAL";
      case StreamSqlParser.NEQ -> "NOT_EQUAL";
      case StreamSqlParser.LT -> "LESS_THAN";
      case StreamSqlParser.LTE -> "LESS_THAN_OR_EQUAL";
      case StreamSqlParser.GT -> "GREATER_THAN";
      default -> "GREATER_THAN_OR_EQUAL";
    };
  }

  private static SqlType comparable(CompiledExpr l, CompiledExpr r, org.antlr.v4.runtime.ParserRuleContext ctx, String op) {
    SqlType as = Comparisons.comparisonType(l.type(), r.type());
    if (as == null) {
      throw SqlErrors.at(ctx, "Cannot compare " + l.text() + " (" + l.type().sql() + ") to " + r.text() + " (" + r.type().sql()
          + ") with " + op + ".");
    }
    return as;
  }

  private static Eval comparison(int op, CompiledExpr l, CompiledExpr r, org.antlr.v4.runtime.ParserRuleContext ctx, String opText) {
    SqlType as = comparable(l, r, ctx, opText);
    boolean ordering = op != StreamSqlParser.EQ && op != StreamSqlParser.NEQ;
    if (ordering && !Comparisons.isOrdered(as)) {
      throw SqlErrors.at(ctx, "Cannot compare " + l.text() + " (" + l.type().sql() + ") to " + r.text() + " (" + r.type().sql()
          + ") with " + opText + ".");
    }
    Eval a = Comparisons.operand(l, as);
    Eval b = Comparisons.operand(r, as);
    // As in ksqlDB, a comparison with a null operand is false, not unknown.
    return row -> {
      Object x = a.eval(row);
      if (x == null) return false;
      Object y = b.eval(row);
      if (y == null) return false;
      return switch (op) {
        case StreamSqlParser.EQ -> Comparisons.equal(x, y);
        case StreamSqlParser.NEQ -> !Comparisons.equal(x, y);
        case StreamSqlParser.LT -> Comparisons.compare(x, y) < 0;
        case StreamSqlParser.LTE -> Comparisons.compare(x, y) <= 0;
        case StreamSqlParser.GT -> Comparisons.compare(x, y) > 0;
        default -> Comparisons.compare(x, y) >= 0;
      };
    };
  }

  private static CompiledExpr inList(ExpressionCompiler c, InListContext in, CompiledExpr value, Scope scope, String text) {
    SqlType as;
    try {
      as = new InListCoercion(c, scope).commonType(value.type(), in.expression());
    } catch (InListCoercion.Failure f) {
      throw SqlErrors.at(in, "Invalid Predicate: " + f.getMessage());
    }
    Eval v = asType(value, as);
    List<Eval> items = new ArrayList<>();
    for (ExpressionContext e : in.expression()) {
      CompiledExpr item = c.compile(e, scope);
      if (SqlTypes.isNull(item.type())) continue;
      Eval eval = asType(item, as);
      if (Literals.isLiteral(e)) {
        // A literal is converted once, when planned, as ksqlDB coerces literals.
        Object fixed;
        try {
          fixed = eval.eval(null);
        } catch (RuntimeException notAValue) {
          String typeName = as instanceof SqlType.Decimal ? "DECIMAL" : as.sql();
          throw SqlErrors.at(e, "Invalid Predicate: invalid input syntax for type " + typeName + ": \"" + item.eval().eval(null) + "\".");
        }
        eval = row -> fixed;
      }
      items.add(eval);
    }
    boolean not = in.NOT() != null;
    return new CompiledExpr(SqlTypes.BOOLEAN, row -> {
      Object x = v.eval(row);
      if (x == null) return null;
      for (Eval item : items) {
        Object y = item.eval(row);
        if (y != null && Comparisons.equal(x, y)) return !not;
      }
      return not;
    }, text);
  }

  /** An operand of IN as the list's common type: widened when numeric, else converted as a CAST converts. */
  private static Eval asType(CompiledExpr e, SqlType as) {
    if (e.type().equals(as) || SqlTypes.isNull(e.type()) || SqlTypes.isNull(as)) return e.eval();
    if (SqlTypes.isNumeric(e.type()) && SqlTypes.isNumeric(as)) return Coercions.widen(e, as);
    UnaryOperator<Object> cast = Casts.converter(e.type(), as);
    if (cast == null) return Comparisons.operand(e, as);
    Eval inner = e.eval();
    return row -> {
      Object x = inner.eval(row);
      return x == null ? null : cast.apply(x);
    };
  }
}

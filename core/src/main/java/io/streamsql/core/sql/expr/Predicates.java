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

  static CompiledExpr compile(ExpressionCompiler c, PredicateContext p, CompiledExpr value, Scope scope, String text) {
    if (p instanceof ComparisonContext cmp) {
      CompiledExpr right = c.value(cmp.right, scope);
      int op = ((org.antlr.v4.runtime.tree.TerminalNode) cmp.comparisonOperator().getChild(0)).getSymbol().getType();
      if (SqlTypes.isNull(value.type()) || SqlTypes.isNull(right.type())) {
        throw SqlErrors.at(cmp, "Comparison with NULL not supported: " + value.text() + " " + cmp.comparisonOperator().getText() + " "
            + right.text());
      }
      if (value.text().equalsIgnoreCase("ROWTIME")) right = Timestamps.rowtimeOperand(right);
      else if (right.text().equalsIgnoreCase("ROWTIME")) value = Timestamps.rowtimeOperand(value);
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
      if (value.text().equalsIgnoreCase("ROWTIME")) {
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
    List<Eval> items = new ArrayList<>();
    List<SqlType> types = new ArrayList<>();
    types.add(value.type());
    List<CompiledExpr> compiled = new ArrayList<>();
    for (ExpressionContext e : in.expression()) {
      CompiledExpr item = c.compile(e, scope);
      boolean literal = Literals.isLiteral(e) && !SqlTypes.isNull(item.type());
      if (literal && SqlTypes.isBase(value.type(), SqlType.Base.STRING) && !SqlTypes.isBase(item.type(), SqlType.Base.STRING)) {
        // A STRING compared with other literals compares with their text.
        String text2 = ValueText.toText(item.eval().eval(null));
        item = new CompiledExpr(SqlTypes.STRING, row -> text2, item.text());
      } else if (literal && SqlTypes.isBase(item.type(), SqlType.Base.STRING) && !SqlTypes.isBase(value.type(), SqlType.Base.STRING)
          && !SqlTypes.isNull(value.type())) {
        UnaryOperator<Object> conv = Casts.converter(SqlTypes.STRING, value.type());
        Object raw = item.eval().eval(null);
        Object converted;
        try {
          converted = conv == null ? null : conv.apply(raw);
        } catch (ArithmeticException outOfRange) {
          // A number too large for the column's type can never be equal to one of its values.
          continue;
        } catch (RuntimeException ex) {
          converted = null;
        }
        if (converted == null) {
          String typeName = value.type() instanceof SqlType.Decimal ? "DECIMAL" : value.type().sql();
          throw SqlErrors.at(e, "Invalid Predicate: invalid input syntax for type " + typeName + ": \"" + raw + "\".");
        }
        Object fixed = converted;
        item = new CompiledExpr(value.type(), row -> fixed, item.text());
      }
      if (Comparisons.comparisonType(value.type(), item.type()) == null) {
        throw SqlErrors.at(e, "Invalid Predicate: operator does not exist: " + value.type().sql() + " = " + item.type().sql()
            + " (" + item.text() + ")");
      }
      compiled.add(item);
      types.add(item.type());
    }
    SqlType as = value.type();
    for (CompiledExpr item : compiled) as = Comparisons.comparisonType(as, item.type());
    Eval v = Comparisons.operand(value, as);
    for (CompiledExpr item : compiled) items.add(Comparisons.operand(item, as));
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
}

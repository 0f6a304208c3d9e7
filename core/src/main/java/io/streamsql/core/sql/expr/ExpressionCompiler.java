package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.StreamSqlParser.*;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.fn.FunctionSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.antlr.v4.runtime.ParserRuleContext;

/**
 * Type-checks an expression's parse tree against a {@link Scope} and compiles it into a tree of
 * closures once per query. Errors name the expression and its position.
 */
public final class ExpressionCompiler {
  private final FunctionRegistry functions;

  public ExpressionCompiler(FunctionRegistry functions) {
    this.functions = functions;
  }

  public CompiledExpr compile(io.streamsql.core.sql.tree.SqlExpression expr, Scope scope) {
    return compile(expr.tree(), scope);
  }

  public CompiledExpr compile(ExpressionContext expr, Scope scope) {
    return bool(expr.booleanExpression(), scope);
  }

  /** Compiles a value expression on its own (a PARTITION BY expression, which the grammar keeps to values). */
  public CompiledExpr compileValue(ValueExpressionContext expr, Scope scope) {
    return value(expr, scope);
  }

  /** Compiles a primary expression on its own (the base of {@code s->*}). */
  public CompiledExpr compilePrimary(PrimaryExpressionContext expr, Scope scope) {
    return primary(expr, scope);
  }

  CompiledExpr bool(BooleanExpressionContext ctx, Scope scope) {
    String text = SqlErrors.text(ctx);
    if (ctx instanceof PredicatedContext p) {
      CompiledExpr value = value(p.valueExpression(), scope);
      return p.predicate() == null ? value : Predicates.compile(this, p.predicate(), value, scope, text);
    }
    if (ctx instanceof LogicalNotContext n) {
      CompiledExpr e = requireBoolean(bool(n.booleanExpression(), scope), n);
      Eval inner = e.eval();
      return new CompiledExpr(SqlTypes.BOOLEAN, row -> {
        Boolean b = (Boolean) inner.eval(row);
        return b == null ? null : !b;
      }, text);
    }
    if (ctx instanceof LogicalAndContext a) {
      Eval l = requireBoolean(bool(a.left, scope), a.left).eval();
      Eval r = requireBoolean(bool(a.right, scope), a.right).eval();
      return new CompiledExpr(SqlTypes.BOOLEAN, row -> {
        Boolean x = (Boolean) l.eval(row);
        if (Boolean.FALSE.equals(x)) return false;
        Boolean y = (Boolean) r.eval(row);
        if (Boolean.FALSE.equals(y)) return false;
        return x == null || y == null ? null : true;
      }, text);
    }
    LogicalOrContext o = (LogicalOrContext) ctx;
    Eval l = requireBoolean(bool(o.left, scope), o.left).eval();
    Eval r = requireBoolean(bool(o.right, scope), o.right).eval();
    return new CompiledExpr(SqlTypes.BOOLEAN, row -> {
      Boolean x = (Boolean) l.eval(row);
      if (Boolean.TRUE.equals(x)) return true;
      Boolean y = (Boolean) r.eval(row);
      if (Boolean.TRUE.equals(y)) return true;
      return x == null || y == null ? null : false;
    }, text);
  }

  CompiledExpr requireBoolean(CompiledExpr e, ParserRuleContext ctx) {
    if (!SqlTypes.isBase(e.type(), SqlType.Base.BOOLEAN) && !SqlTypes.isNull(e.type())) {
      throw SqlErrors.at(ctx, "Type mismatch: '" + e.text() + "' is " + e.type().sql() + ", BOOLEAN expected");
    }
    return e;
  }

  CompiledExpr value(ValueExpressionContext ctx, Scope scope) {
    String text = SqlErrors.text(ctx);
    if (ctx instanceof ValueExpressionDefaultContext d) return primary(d.primaryExpression(), scope);
    if (ctx instanceof ArithmeticUnaryContext u) {
      CompiledExpr e = value(u.valueExpression(), scope);
      if (!SqlTypes.isNumeric(e.type()) && !SqlTypes.isNull(e.type())) {
        throw SqlErrors.at(u, "Unary " + u.operator.getText() + " is not defined for " + e.type().sql() + ": " + text);
      }
      if (u.operator.getType() == StreamSqlParser.PLUS) return new CompiledExpr(e.type(), e.eval(), text);
      return new CompiledExpr(e.type(), Arithmetic.negate(e), text);
    }
    if (ctx instanceof ConcatenationContext c) {
      CompiledExpr l = value(c.left, scope);
      CompiledExpr r = value(c.right, scope);
      return concat(l, r, text, c);
    }
    ArithmeticBinaryContext b = (ArithmeticBinaryContext) ctx;
    CompiledExpr l = value(b.left, scope);
    CompiledExpr r = value(b.right, scope);
    char op = b.operator.getText().charAt(0);
    boolean lStr = SqlTypes.isBase(l.type(), SqlType.Base.STRING);
    boolean rStr = SqlTypes.isBase(r.type(), SqlType.Base.STRING);
    if (op == '+' && (lStr || rStr) && (lStr || SqlTypes.isNull(l.type())) && (rStr || SqlTypes.isNull(r.type()))) {
      return concat(l, r, text, b);
    }
    SqlType lt = SqlTypes.isNull(l.type()) ? r.type() : l.type();
    SqlType rt = SqlTypes.isNull(r.type()) ? l.type() : r.type();
    if (SqlTypes.isNull(lt) && SqlTypes.isNull(rt)) return new CompiledExpr(SqlTypes.NULL, row -> null, text);
    if (!SqlTypes.isNumeric(lt) || !SqlTypes.isNumeric(rt)) {
      throw unsupportedArithmetic(b, l, r);
    }
    SqlType type = Arithmetic.resultType(op, lt, rt);
    SqlType operandType = type instanceof SqlType.Decimal ? SqlTypes.widerNumber(lt, rt) : type;
    if (operandType instanceof SqlType.Decimal) {
      // Decimal operands keep their own scale; each is widened to a decimal before the operation.
      CompiledExpr ld = new CompiledExpr(SqlTypes.asDecimalOrSelf(lt), Coercions.widen(l, SqlTypes.asDecimalOrSelf(lt)), l.text());
      CompiledExpr rd = new CompiledExpr(SqlTypes.asDecimalOrSelf(rt), Coercions.widen(r, SqlTypes.asDecimalOrSelf(rt)), r.text());
      return new CompiledExpr(type, arithmetic(op, ld, rd, type, scope, text), text);
    }
    return new CompiledExpr(type, arithmetic(op, l, r, type, scope, text), text);
  }

  private static Eval arithmetic(char op, CompiledExpr l, CompiledExpr r, SqlType type, Scope scope, String text) {
    return scope.inLambda() ? Arithmetic.compileInLambda(op, l, r, type, text) : Arithmetic.compile(op, l, r, type);
  }

  private CompiledExpr concat(CompiledExpr l, CompiledExpr r, String text, ParserRuleContext ctx) {
    if (!SqlTypes.isBase(l.type(), SqlType.Base.STRING) && !SqlTypes.isNull(l.type())
        || !SqlTypes.isBase(r.type(), SqlType.Base.STRING) && !SqlTypes.isNull(r.type())) {
      throw unsupportedArithmetic(ctx, l, r);
    }
    Eval a = l.eval();
    Eval c = r.eval();
    return new CompiledExpr(SqlTypes.STRING, row -> {
      Object x = a.eval(row);
      if (x == null) return null;
      Object y = c.eval(row);
      return y == null ? null : (String) x + y;
    }, text);
  }

  /** ksqlDB's message: the expression as its formatter prints it, then the operands' base types (DECIMAL, not DECIMAL(2, 1)). */
  private static RuntimeException unsupportedArithmetic(ParserRuleContext ctx, CompiledExpr l, CompiledExpr r) {
    String expression = ctx instanceof ValueExpressionContext v ? KsqlText.of(v) : SqlErrors.text(ctx);
    return SqlErrors.at(ctx, "Error processing expression: " + expression + ". Unsupported arithmetic types. " + baseName(l.type()) + " "
        + baseName(r.type()));
  }

  private static String baseName(SqlType t) {
    if (t instanceof SqlType.Decimal) return "DECIMAL";
    if (t instanceof SqlType.Array) return "ARRAY";
    if (t instanceof SqlType.Map) return "MAP";
    if (t instanceof SqlType.Struct) return "STRUCT";
    return t.sql();
  }

  CompiledExpr primary(PrimaryExpressionContext ctx, Scope scope) {
    String text = SqlErrors.text(ctx);
    if (ctx instanceof LiteralExpressionContext l) return Literals.compile(l.literal(), text);
    if (ctx instanceof ParenthesizedExpressionContext p) {
      CompiledExpr e = compile(p.expression(), scope);
      return new CompiledExpr(e.type(), e.eval(), text);
    }
    if (ctx instanceof ColumnReferenceContext c) return column(SourceStatements.identifier(c.identifier()), scope, c, text);
    if (ctx instanceof QualifiedColumnReferenceContext q) {
      String qualifier = SourceStatements.identifier(q.identifier(0));
      String name = SourceStatements.identifier(q.identifier(1));
      if (!scope.isQualifier(qualifier)) {
        throw SqlErrors.at(q, "'" + qualifier + "' is not a valid stream/table name or alias.");
      }
      // A joined row registers its columns qualified: T.ID and TT.ID are different slots.
      Scope.Slot slot = scope.resolve(qualifier + "." + name);
      if (slot != null) return column(qualifier + "." + name, scope, q, text);
      slot = scope.qualifiesColumns() ? null : scope.resolve(name);
      if (slot == null) throw SqlErrors.at(q, "Column '" + qualifier + "." + name + "' cannot be resolved.");
      return column(name, scope, q, text);
    }
    if (ctx instanceof CastContext c) {
      CompiledExpr e = compile(c.expression(), scope);
      SqlType to = SourceStatements.type(c.type());
      UnaryOperator<Object> conv = Casts.converter(e.type(), to);
      if (conv == null) throw SqlErrors.at(c, "Cast of " + e.type().sql() + " to " + to.sql() + " is not supported");
      Eval inner = e.eval();
      return new CompiledExpr(to, row -> {
        Object v = inner.eval(row);
        return v == null ? null : conv.apply(v);
      }, text);
    }
    if (ctx instanceof DereferenceContext d) {
      CompiledExpr base = primary(d.base, scope);
      String field = SourceStatements.identifier(d.fieldName);
      if (!(base.type() instanceof SqlType.Struct st)) {
        throw SqlErrors.at(d, "Expected STRUCT type for '" + base.text() + "', got " + base.type().sql());
      }
      SqlType.Field f = st.fields().stream().filter(x -> x.name().equals(field)).findFirst()
          .orElseThrow(() -> SqlErrors.at(d, "Could not find field '" + field + "' in '" + base.text() + "'."));
      Eval inner = base.eval();
      return new CompiledExpr(f.type(), row -> {
        Object v = inner.eval(row);
        return v == null ? null : ((Map<?, ?>) v).get(field);
      }, text);
    }
    if (ctx instanceof SubscriptContext s) return subscript(s, scope, text);
    if (ctx instanceof SearchedCaseContext sc) return CaseExpressions.searched(this, sc, scope, text);
    if (ctx instanceof SimpleCaseContext sc) return CaseExpressions.simple(this, sc, scope, text);
    if (ctx instanceof ArrayConstructorContext a) return Constructors.array(this, a, scope, text);
    if (ctx instanceof MapConstructorContext m) return Constructors.map(this, m, scope, text);
    if (ctx instanceof StructConstructorContext s) return Constructors.struct(this, s, scope, text);
    if (ctx instanceof FunctionCallContext f) return call(f, scope, text);
    if (ctx instanceof TypeConstructorContext t) {
      SqlType to = Literals.namedType(t.identifier(), t);
      String literal = SourceStatements.unquoteString(t.STRING().getText());
      UnaryOperator<Object> conv = Casts.converter(SqlTypes.STRING, to);
      Object value = conv.apply(literal);
      return new CompiledExpr(to, row -> value, text);
    }
    throw SqlErrors.at(ctx, "Unsupported expression: " + text);
  }

  private CompiledExpr column(String name, Scope scope, ParserRuleContext ctx, String text) {
    Scope.Slot slot = scope.resolve(name);
    if (slot == null && scope.ambiguity(name) != null) {
      throw SqlErrors.at(ctx, "Exception while preparing statement: " + SqlErrors.position(ctx) + scope.ambiguity(name));
    }
    if (slot == null) throw SqlErrors.at(ctx, "Column '" + name + "' cannot be resolved.");
    int index = slot.index();
    return new CompiledExpr(slot.type(), row -> row[index], text);
  }

  private CompiledExpr subscript(SubscriptContext s, Scope scope, String text) {
    CompiledExpr base = primary(s.value, scope);
    CompiledExpr index = value(s.index, scope);
    Eval b = base.eval();
    if (base.type() instanceof SqlType.Array a) {
      if (!SqlTypes.isBase(index.type(), SqlType.Base.INT) && !SqlTypes.isBase(index.type(), SqlType.Base.BIGINT)) {
        throw SqlErrors.at(s, "Array index must be INT, got " + index.type().sql() + " in " + text);
      }
      Eval i = index.eval();
      return new CompiledExpr(a.element(), row -> {
        List<?> list = (List<?>) b.eval(row);
        Object idx = i.eval(row);
        if (list == null || idx == null) return null;
        int n = ((Number) idx).intValue();
        int pos = n > 0 ? n - 1 : list.size() + n;
        return n == 0 || pos < 0 || pos >= list.size() ? null : list.get(pos);
      }, text);
    }
    if (base.type() instanceof SqlType.Map m) {
      Eval i = Coercions.widen(index, m.key());
      return new CompiledExpr(m.value(), row -> {
        Map<?, ?> map = (Map<?, ?>) b.eval(row);
        Object key = i.eval(row);
        return map == null || key == null ? null : map.get(key);
      }, text);
    }
    throw SqlErrors.at(s, "Subscript expects ARRAY or MAP, got " + base.type().sql() + " in " + text);
  }

  private CompiledExpr call(FunctionCallContext f, Scope scope, String text) {
    String name = SourceStatements.identifier(f.identifier());
    List<FunctionArgumentContext> args = f.functionArgument();
    if (args.stream().anyMatch(a -> a.lambda() != null)) return Lambdas.compile(this, name, f, scope, text);
    if (functions.isTableFunction(name)) {
      // ksqlDB runs a table function only as a whole SELECT column, where QueryPlanner expands its rows.
      throw SqlErrors.at(f, "Table function " + name + " can only be used as a whole column of a SELECT on a stream, not inside "
          + "another expression, a WHERE or a PARTITION BY: " + text);
    }
    List<CompiledExpr> compiled = arguments(f, name, scope, true);
    if (!functions.exists(name)) throw SqlErrors.at(f, "Can't find any functions with the name '" + name + "'");
    if (name.equals("GREATEST") || name.equals("LEAST")) compiled = GreatestLeast.prepare(name, compiled, f);
    List<SqlType> types = compiled.stream().map(CompiledExpr::type).toList();
    FunctionSignature.Match match = functions.resolve(name, types);
    if (match == null) throw noOverload(f, name, types, text, functions.all());
    return new CompiledExpr(match.returnType(), FunctionCalls.invoker(match, compiled), text);
  }

  /**
   * A table function call that is a whole SELECT column: its type is the type of one element and
   * it evaluates to the list of the column's values in the rows the input row becomes.
   */
  public CompiledExpr compileTableFunction(FunctionCallContext f, Scope scope) {
    String name = SourceStatements.identifier(f.identifier());
    String text = SqlErrors.text(f);
    // A failing argument fails the row of a table function (logged, no rows), as in ksqlDB.
    List<CompiledExpr> compiled = arguments(f, name, scope, false);
    List<SqlType> types = compiled.stream().map(CompiledExpr::type).toList();
    FunctionSignature.Match match = functions.resolveTable(name, types);
    if (match == null) throw noOverload(f, name, types, text, functions.tableFunctions());
    return new CompiledExpr(match.returnType(), FunctionCalls.tableInvoker(match, compiled), text);
  }

  /** The compiled arguments; with {@code nullOnError}, nested calls and struct fields that fail become null (scalar calls). */
  private List<CompiledExpr> arguments(FunctionCallContext f, String name, Scope scope, boolean nullOnError) {
    List<FunctionArgumentContext> args = f.functionArgument();
    List<CompiledExpr> compiled = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).expression() == null) throw SqlErrors.at(f, "Function '" + name + "' does not accept lambda arguments");
      String unit = i == 0 && TIME_UNIT_FUNCTIONS.contains(name) ? timeUnit(args.get(0)) : null;
      // DATEADD(DAYS, 2, d): the unit is a bare word, passed to the function as text.
      ExpressionContext arg = args.get(i).expression();
      compiled.add(unit != null ? new CompiledExpr(SqlTypes.STRING, row -> unit, unit)
          : nullOnError ? nullOnError(arg, scope) : compile(arg, scope));
    }
    return compiled;
  }

  private static RuntimeException noOverload(
      FunctionCallContext f, String name, List<SqlType> types, String text, Map<String, List<FunctionSignature>> overloads) {
    String written = io.streamsql.core.sql.fn.DeclaredNames.of(name);
    return SqlErrors.at(f, "Function '" + written + "' does not accept parameters ("
        + String.join(", ", types.stream().map(t -> SqlTypes.isNull(t) ? "null" : t.sql()).toList()) + ").\nIn: " + text
        + "\nValid alternatives are:\n" + String.join("\n", overloads.get(name.toUpperCase(java.util.Locale.ROOT)).stream()
            .map(FunctionSignature::sql).toList()));
  }

  /**
   * A function's argument that is itself a function call or a field of a struct is null when it
   * fails (logged as "Error processing NAME"), and the outer call goes on with the null, as ksqlDB's
   * code generator wraps those arguments: COALESCE(PARSE_DATE(bad), PARSE_DATE(good)) is the good date.
   */
  private CompiledExpr nullOnError(ExpressionContext arg, Scope scope) {
    CompiledExpr e = compile(arg, scope);
    PrimaryExpressionContext p = KsqlText.primary(arg);
    String what = p instanceof FunctionCallContext f ? SourceStatements.identifier(f.identifier())
        : p instanceof DereferenceContext d ? SourceStatements.identifier(d.fieldName) : null;
    return what == null ? e : new CompiledExpr(e.type(), NullOnError.guard(e.eval(), what, scope), e.text());
  }

  private static final java.util.Set<String> TIME_UNIT_FUNCTIONS =
      java.util.Set.of("DATEADD", "DATESUB", "TIMEADD", "TIMESUB", "TIMESTAMPADD", "TIMESTAMPSUB");

  private static String timeUnit(FunctionArgumentContext a) {
    String t = a.getText().toUpperCase(java.util.Locale.ROOT);
    return t.matches("NANOSECONDS|MICROSECONDS|MILLISECONDS|SECONDS|MINUTES|HOURS|DAYS") ? t : null;
  }

  /** The registry this compiler resolves functions in. */
  public FunctionRegistry functions() {
    return functions;
  }
}

package io.streamsql.core.sql.pull;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser;
import io.streamsql.core.sql.StreamSqlParser.BooleanExpressionContext;
import io.streamsql.core.sql.expr.Coercions;
import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.ExpressionCompiler;
import io.streamsql.core.sql.expr.Scope;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.core.sql.tree.Query;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The keys a pull query's WHERE pins down, so the rows can be fetched from the partitions holding
 * those keys instead of scanned: every key column must be constrained by {@code col = constant} or
 * {@code col IN (constants)} in the top-level conjunction of the WHERE (an OR, a NOT, or a range
 * on a key column leaves a scan). {@code WINDOWSTART = constant} pins the window of a windowed table.
 *
 * <p>The result only narrows what is read; the whole WHERE is still applied to every row read, so
 * a key set that is a superset of the matching keys is always right. A constant whose type is not
 * the key column's (or a widening of it) is left to the scan rather than guessed.
 */
public final class KeyConstraints {
  /** Above this many key combinations (IN lists multiplied), a scan is cheaper to reason about. */
  static final int MAX_KEYS = 10_000;

  private static final FunctionRegistry FUNCTIONS = FunctionRegistry.standard();

  /**
   * The keys to fetch (values in key column order; empty: no key can match) and the window start,
   * or null for every window. {@code coversWhere}: the WHERE is nothing but these constraints, so
   * the rows fetched are exactly the rows it selects and it need not be evaluated again.
   */
  public record KeyLookup(List<List<Object>> keys, Long windowStart, boolean coversWhere) {
    public KeyLookup {
      keys = List.copyOf(keys);
    }
  }

  private KeyConstraints() {}

  /** The key lookup the WHERE allows, or empty when the rows must be scanned. */
  public static Optional<KeyLookup> of(Query query, SourceSchema source) {
    BooleanExpressionContext where = query.tree().where == null ? null : query.tree().where.booleanExpression();
    List<Serde.Column> keyColumns = source.keyColumns();
    if (where == null || keyColumns.isEmpty()) return Optional.empty();
    List<BooleanExpressionContext> conjuncts = new ArrayList<>();
    flattenAnd(where, conjuncts);

    List<Set<Object>> allowed = new ArrayList<>();
    for (int i = 0; i < keyColumns.size(); i++) allowed.add(null);
    Long windowStart = null;
    int used = 0;
    for (BooleanExpressionContext c : conjuncts) {
      if (!(c instanceof StreamSqlParser.PredicatedContext p) || p.predicate() == null) continue;
      String column = columnName(p.valueExpression());
      if (column == null) continue;
      if (source.isWindowed() && column.equals("WINDOWSTART")) {
        if (p.predicate() instanceof StreamSqlParser.ComparisonContext cmp && cmp.comparisonOperator().EQ() != null) {
          Object v = constant(cmp.right, SqlTypes.BIGINT);
          if (v instanceof Long start && windowStart == null) {
            windowStart = start;
            used++;
          }
        }
        continue;
      }
      int index = indexOf(keyColumns, column);
      if (index < 0) continue;
      SqlType type = keyColumns.get(index).type();
      Set<Object> values = new LinkedHashSet<>();
      if (p.predicate() instanceof StreamSqlParser.ComparisonContext cmp && cmp.comparisonOperator().EQ() != null) {
        Object v = constant(cmp.right, type);
        if (v == Unusable.VALUE) continue;
        if (v != null) values.add(v);
      } else if (p.predicate() instanceof StreamSqlParser.InListContext in && in.NOT() == null) {
        boolean usable = true;
        for (StreamSqlParser.ExpressionContext e : in.expression()) {
          Object v = constant(e, type);
          if (v == Unusable.VALUE) {
            usable = false;
            break;
          }
          if (v != null) values.add(v);
        }
        if (!usable) continue;
      } else {
        continue;
      }
      // K = NULL never holds; several constraints on one column keep only the values all allow.
      Set<Object> before = allowed.get(index);
      if (before != null) values.retainAll(before);
      allowed.set(index, values);
      used++;
    }
    if (allowed.contains(null)) return Optional.empty();
    long combinations = 1;
    for (Set<Object> values : allowed) combinations *= Math.max(1, values.size());
    if (combinations > MAX_KEYS) return Optional.empty();
    List<List<Object>> keys = new ArrayList<>();
    product(allowed, 0, new ArrayList<>(), keys);
    return Optional.of(new KeyLookup(keys, windowStart, used == conjuncts.size()));
  }

  private static void flattenAnd(BooleanExpressionContext e, List<BooleanExpressionContext> out) {
    BooleanExpressionContext inner = unparenthesize(e);
    if (inner instanceof StreamSqlParser.LogicalAndContext and) {
      flattenAnd(and.left, out);
      flattenAnd(and.right, out);
    } else {
      out.add(inner);
    }
  }

  /** {@code (a AND b)} is a predicate over a parenthesized expression; look inside it. */
  private static BooleanExpressionContext unparenthesize(BooleanExpressionContext e) {
    while (e instanceof StreamSqlParser.PredicatedContext p && p.predicate() == null
        && p.valueExpression() instanceof StreamSqlParser.ValueExpressionDefaultContext d
        && d.primaryExpression() instanceof StreamSqlParser.ParenthesizedExpressionContext paren) {
      e = paren.expression().booleanExpression();
    }
    return e;
  }

  /** The column a value expression names (bare or qualified), or null when it is anything else. */
  private static String columnName(StreamSqlParser.ValueExpressionContext v) {
    if (!(v instanceof StreamSqlParser.ValueExpressionDefaultContext d)) return null;
    if (d.primaryExpression() instanceof StreamSqlParser.ColumnReferenceContext c) return SourceStatements.identifier(c.identifier());
    if (d.primaryExpression() instanceof StreamSqlParser.QualifiedColumnReferenceContext c) {
      return SourceStatements.identifier(c.identifier(1));
    }
    return null;
  }

  private static int indexOf(List<Serde.Column> columns, String name) {
    for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(name)) return i;
    return -1;
  }

  /** Marks a value that is not a constant of a usable type. */
  private enum Unusable { VALUE }

  private static Object constant(StreamSqlParser.ValueExpressionContext v, SqlType type) {
    return constant(() -> COMPILER.compileValue(v, EMPTY), type);
  }

  private static Object constant(StreamSqlParser.ExpressionContext e, SqlType type) {
    return constant(() -> COMPILER.compile(e, EMPTY), type);
  }

  private static final ExpressionCompiler COMPILER = new ExpressionCompiler(FUNCTIONS);
  /** No columns: an expression that compiles here is a constant. */
  private static final Scope EMPTY = Scope.ofColumns(Map.of(), List.of(), 0);

  /** Evaluates a constant as {@code type}: null for SQL NULL, {@link Unusable#VALUE} when it is not a constant of that type. */
  private static Object constant(java.util.function.Supplier<CompiledExpr> compile, SqlType type) {
    CompiledExpr expr;
    Object value;
    try {
      expr = compile.get();
      value = expr.eval().eval(new Object[0]);
    } catch (RuntimeException notConstant) {
      return Unusable.VALUE;
    }
    if (value == null) return null;
    if (expr.type().equals(type)) return value;
    boolean widens = SqlTypes.isNumeric(expr.type()) && SqlTypes.isNumeric(type)
        && SqlTypes.widerNumber(expr.type(), type).equals(type);
    if (!widens) return Unusable.VALUE;
    UnaryOperator<Object> convert = Coercions.converter(expr.type(), type);
    return convert == null ? value : convert.apply(value);
  }

  private static void product(List<Set<Object>> allowed, int index, List<Object> prefix, List<List<Object>> out) {
    if (index == allowed.size()) {
      out.add(List.copyOf(prefix));
      return;
    }
    for (Object v : allowed.get(index)) {
      prefix.add(v);
      product(allowed, index + 1, prefix, out);
      prefix.remove(prefix.size() - 1);
    }
  }
}

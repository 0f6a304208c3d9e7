package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser.*;
import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.ExpressionCompiler;
import io.streamsql.core.sql.expr.KsqlText;
import io.streamsql.core.sql.expr.Scope;
import io.streamsql.core.sql.expr.SqlErrors;
import io.streamsql.core.sql.fn.AggregateRegistry;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.core.sql.serde.SerdeFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Plans {@code SELECT … GROUP BY … [WINDOW …] [HAVING …]} into an {@link AggregationPlan}, with
 * ksqlDB's analysis and its messages: aggregates found in SELECT and HAVING, every other column
 * reference must be a grouping expression, every grouping expression must be in the projection
 * (it becomes a key column), and the window's grace and retention get ksqlDB's defaults.
 */
final class AggregationPlanner {
  /** ksqlDB's default grace period when a window does not state one (Kafka Streams' 24 hours). */
  static final long DEFAULT_GRACE_MILLIS = 24L * 3_600_000L;

  private final ExpressionCompiler compiler;
  private final AggregateRegistry aggregates;

  AggregationPlanner(ExpressionCompiler compiler, AggregateRegistry aggregates) {
    this.compiler = compiler;
    this.aggregates = aggregates;
  }

  /** A call of an aggregate function found in the statement, numbered by first appearance. */
  private record Call(FunctionCallContext ctx, String canonical, int index) {}

  PlannedQuery plan(QueryContext q, SourceSchema source, SinkSpec sink, ProcessingLog log) {
    String alias = q.relation().aliasedRelation().identifier() == null ? null
        : SourceStatements.identifier(q.relation().aliasedRelation().identifier());
    Scope scope = QueryPlanner.rowScope(source, alias);
    Set<String> qualifiers = new HashSet<>();
    qualifiers.add(source.name());
    if (alias != null) qualifiers.add(alias);
    Canonical canonical = new Canonical(qualifiers);
    boolean windowed = q.windowExpression() != null;

    refuseWindowBounds(q, windowed);
    if (q.groupBy() != null) {
      for (ValueExpressionContext g : q.groupBy().valueExpression()) {
        FunctionCallContext agg = firstAggregate(g);
        if (agg != null) {
          throw SqlErrors.at(g, "GROUP BY does not support aggregate functions: " + name(agg) + " is an aggregate function.");
        }
      }
    }
    // Aggregate calls, numbered in order of appearance; the same call twice is one aggregate.
    Map<String, Call> calls = new LinkedHashMap<>();
    for (SelectItemContext item : q.selectItem()) collectCalls(item, canonical, calls);
    if (q.having != null) collectCalls(q.having, canonical, calls);
    List<Item> items = items(q, source);
    if (q.groupBy() == null) {
      List<String> plain = new ArrayList<>();
      for (Item item : items) {
        if (!rewrite(item.expression(), canonical, Map.of(), calls).columns().isEmpty()) plain.add(KsqlText.of(item.expression()));
      }
      if (!plain.isEmpty()) {
        throw SqlErrors.at(q, "Non-aggregate SELECT expression(s) not part of GROUP BY: " + String.join(", ", plain)
            + "\nEither add the column(s) to the GROUP BY or remove them from the SELECT.");
      }
      Call first = calls.values().iterator().next();
      throw SqlErrors.at(first.ctx(), "CREATE " + sink.kind() + " AS SELECT statement does not support aggregate function ["
          + (first.ctx().ASTERISK() != null || first.ctx().functionArgument().isEmpty() ? name(first.ctx()) + "(ROWTIME)"
              : KsqlText.of(first.ctx())) + "] without a GROUP BY clause.");
    }
    if (calls.isEmpty()) throw SqlErrors.at(q.groupBy(), "GROUP BY requires aggregate functions in either the SELECT or HAVING clause.");
    if (source.valueFormat() == SerdeFormat.KAFKA) {
      throw SqlErrors.at(q, "Source(s) " + source.name() + " are using the 'KAFKA' value format. This format does not yet support GROUP BY.");
    }

    // Grouping expressions: compiled over the source row, each at most once.
    List<ValueExpressionContext> groupExprs = q.groupBy().valueExpression();
    if (groupExprs.isEmpty()) throw SqlErrors.at(q.groupBy(), "GROUP BY requires at least one expression");
    Map<String, Integer> groupIndex = new LinkedHashMap<>();
    List<CompiledExpr> groups = new ArrayList<>();
    Set<String> sourceColumns = new HashSet<>();
    for (Serde.Column c : source.rowColumns()) sourceColumns.add(c.name());
    String qualifier = alias != null ? alias : source.name();
    for (ValueExpressionContext g : groupExprs) {
      String text = canonical.of(g);
      if (groupIndex.containsKey(text)) {
        throw SqlErrors.at(g, "Duplicate GROUP BY expression: " + QualifiedText.of(g, qualifier, sourceColumns));
      }
      groupIndex.put(text, groups.size());
      groups.add(QueryPlanner.inClause("GROUP BY", () -> compiler.compileValue(g, scope)));
    }
    for (int i = 0; i < groups.size(); i++) {
      if (SqlTypes.isNull(groups.get(i).type())) {
        throw SqlErrors.at(groupExprs.get(i), "Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).");
      }
    }

    // The aggregates: arguments compiled over the source row, the function resolved by their types.
    List<AggregationPlan.Aggregate> plannedAggregates = new ArrayList<>();
    List<String> argumentTexts = new ArrayList<>();
    List<String> notUndoable = new ArrayList<>();
    boolean intermediateNotPrimitive = false;
    for (Call call : calls.values()) {
      AggregateCall resolved = resolve(call.ctx(), scope);
      if (!(resolved.resolved().aggregateType() instanceof SqlType.Primitive)) intermediateNotPrimitive = true;
      List<String> argNames = new ArrayList<>();
      for (String text : resolved.arguments()) {
        argNames.add(AggregationPlan.argumentColumn(argumentTexts.size()));
        argumentTexts.add(text);
      }
      plannedAggregates.add(new AggregationPlan.Aggregate(resolved.resolved().overload().name(), resolved.arguments(), resolved.literals()));
      if (source.isTable() && !resolved.resolved().overload().supportsTables() && !notUndoable.contains(resolved.resolved().overload().name())) {
        notUndoable.add(resolved.resolved().overload().name());
      }
    }
    if (source.valueFormat() == SerdeFormat.DELIMITED && intermediateNotPrimitive) {
      throw SqlErrors.at(q, "One of the functions used in the statement has an intermediate type that the value format can not handle. "
          + "Please remove the function or change the format.");
    }
    if (!notUndoable.isEmpty()) {
      throw SqlErrors.at(q, "The aggregation function" + (notUndoable.size() > 1 ? "s " : " ") + QueryPlanner.joinNames(notUndoable)
          + (notUndoable.size() > 1 ? " cannot" : " cannot") + " be applied to a table source, only to a stream source.");
    }

    // The aggregated row: grouping values, aggregate results, WINDOWSTART, WINDOWEND, the RowErrors slot.
    Map<String, Scope.Slot> slots = new LinkedHashMap<>();
    for (int i = 0; i < groups.size(); i++) slots.put(AggregationPlan.groupColumn(i), new Scope.Slot(i, groups.get(i).type()));
    int j = 0;
    for (Call call : calls.values()) {
      SqlType type = resolve(call.ctx(), scope).resolved().returnType();
      slots.put(AggregationPlan.aggregateColumn(j), new Scope.Slot(groups.size() + j, type));
      j++;
    }
    int bounds = groups.size() + calls.size();
    if (windowed) {
      slots.put("WINDOWSTART", new Scope.Slot(bounds, SqlTypes.BIGINT));
      slots.put("WINDOWEND", new Scope.Slot(bounds + 1, SqlTypes.BIGINT));
    }
    Scope aggregated = Scope.ofRow(slots, List.of(), bounds + 3, bounds + 2);

    // The projection, rewritten over the aggregated row; what is left of the source row is not grouped.
    List<String> notGrouped = new ArrayList<>();
    List<QueryPlanner.OutColumn> projection = new ArrayList<>();
    Set<String> taken = new HashSet<>(sourceColumns);
    for (SelectItemContext item : q.selectItem()) {
      if (item instanceof SelectSingleContext s && s.identifier() != null) taken.add(SourceStatements.identifier(s.identifier()));
    }
    int generated = 0;
    Map<Integer, List<QueryPlanner.OutColumn>> keyColumns = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (Item single : items) {
      Rewrite r = rewrite(single.expression(), canonical, groupIndex, calls);
      if (r.ungrouped()) {
        notGrouped.add(KsqlText.of(single.expression()));
        continue;
      }
      String name;
      if (single.alias() != null) {
        name = single.alias();
        if (SourceSchema.PSEUDO_COLUMNS.contains(name) || name.equals("WINDOWSTART") || name.equals("WINDOWEND")) {
          throw SqlErrors.at(single.at(), "`" + name + "` is a reserved column name. You cannot use it as an alias for a column.");
        }
      } else {
        name = QueryPlanner.implicitName(single.expression());
        if (name != null && (SourceSchema.PSEUDO_COLUMNS.contains(name) || name.equals("WINDOWSTART") || name.equals("WINDOWEND"))) {
          throw SqlErrors.at(single.at(), "Reserved column name in select: `" + name + "`. Please remove or alias the column.");
        }
        if (name == null) {
          do {
            name = "KSQL_COL_" + generated++;
          } while (taken.contains(name));
        }
      }
      if (!names.add(name)) {
        String clash = name;
        CompiledExpr typed = compiler.compile(io.streamsql.core.sql.SqlParser.parseExpression(r.text()).tree(), aggregated);
        throw SqlErrors.at(q, "Duplicate value columns found in schema: `" + clash + "` " + typed.type().sql());
      }
      CompiledExpr e = QueryPlanner.inClause("SELECT", () -> compiler.compile(io.streamsql.core.sql.SqlParser.parseExpression(r.text()).tree(),
          aggregated));
      QueryPlanner.OutColumn column = new QueryPlanner.OutColumn(name, e, false, r.text());
      Integer group = groupIndex.get(canonical.of(single.expression()));
      if (group != null) keyColumns.computeIfAbsent(group, g -> new ArrayList<>()).add(column);
      projection.add(column);
    }
    if (!notGrouped.isEmpty()) {
      throw SqlErrors.at(q, "Non-aggregate SELECT expression(s) not part of GROUP BY: " + String.join(", ", notGrouped)
          + "\nEither add the column(s) to the GROUP BY or remove them from the SELECT.");
    }
    String havingText = null;
    if (q.having != null) {
      Rewrite r = rewrite(q.having, canonical, groupIndex, calls);
      if (r.ungrouped()) throw SqlErrors.at(q.having, "Non-aggregate HAVING expression not part of GROUP BY: " + String.join(", ", r.columns()));
      CompiledExpr h = compileHaving(q.having, r.text(), aggregated, readableNames(calls, groupExprs));
      havingText = r.text();
      if (!SqlTypes.isBase(h.type(), SqlType.Base.BOOLEAN)) {
        throw SqlErrors.at(q.having, "Type error in HAVING expression: Should evaluate to boolean but is " + KsqlText.of(q.having) + " ("
            + h.type().sql() + ") instead.");
      }
    }

    // Every grouping expression is a key column, named by its projection.
    List<String> missing = new ArrayList<>();
    List<QueryPlanner.OutColumn> keys = new ArrayList<>();
    for (int i = 0; i < groupExprs.size(); i++) {
      List<QueryPlanner.OutColumn> found = keyColumns.getOrDefault(i, List.of());
      if (found.isEmpty()) missing.add(KsqlText.of(groupExprs.get(i)));
      else if (found.size() > 1) {
        throw SqlErrors.at(q, "The projection contains a key column more than once: `" + found.get(0).name() + "` and `" + found.get(1).name() + "`.");
      } else keys.add(found.get(0));
    }
    if (!missing.isEmpty()) {
      throw SqlErrors.at(q, "The query used to build `" + sink.name() + "` must include the grouping expression"
          + (missing.size() > 1 ? "s " : " ") + QueryPlanner.joinNames(missing) + " in its projection (eg, SELECT "
          + String.join(", ", missing) + "...).");
    }
    List<QueryPlanner.OutColumn> columns = new ArrayList<>();
    for (QueryPlanner.OutColumn k : keys) columns.add(k.asKey());
    for (QueryPlanner.OutColumn c : projection) if (!keys.contains(c)) columns.add(c);
    if (columns.size() == keys.size()) throw SqlErrors.at(q, "The projection contains no value columns.");

    AggregationPlan.Window window = windowed ? window(q.windowExpression(), q.FINAL() != null) : null;
    if (sink.existing() == null) StatefulClauses.checkResultKind(q, source, sink.kind());
    SourceSchema sinkSchema = QueryPlanner.sinkSchema(source, sink, columns, q);
    if (window != null && sink.existing() == null) {
      sinkSchema = sinkSchema.withWindow(new SourceWindow(window.type(), window.type() == SourceWindow.Type.SESSION ? 0 : window.sizeMillis()));
    }
    boolean repartition = source.isTable() || !groupsBySourceKey(groupExprs, source, canonical);
    AggregationPlan aggregation = new AggregationPlan(groupExprs.stream().map(SqlErrors::text).toList(), plannedAggregates, window,
        q.FINAL() != null, havingText, repartition);
    List<QueryPlan.Column> planned = columns.stream().map(c -> new QueryPlan.Column(c.name(), c.source(), c.key())).toList();
    QueryPlan plan = new QueryPlan(QueryPlan.AGGREGATION_VERSION, source.toDdl(), alias, sinkSchema.toDdl(),
        q.where == null ? null : SqlErrors.text(q.where), planned, false, aggregation);
    return new PlanCompiler(compiler.functions()).compile(plan, log);
  }

  /** A projected expression: written, or one column of a {@code SELECT *}; {@code at} is where errors point. */
  private record Item(ExpressionContext expression, String alias, ParserRuleContext at) {}

  private static List<Item> items(QueryContext q, SourceSchema source) {
    List<Item> items = new ArrayList<>();
    for (SelectItemContext item : q.selectItem()) {
      if (item instanceof SelectSingleContext single) {
        items.add(new Item(single.expression(), single.identifier() == null ? null : SourceStatements.identifier(single.identifier()), single));
      } else if (item instanceof SelectAllContext || item instanceof SelectAllOfContext) {
        for (Serde.Column c : source.rowColumns()) {
          items.add(new Item(io.streamsql.core.sql.SqlParser.parseExpression(SourceSchema.quote(c.name())).tree(), null, item));
        }
      } else {
        throw SqlErrors.at(item, "STRUCT->* is not supported with GROUP BY: name the struct's fields");
      }
    }
    return items;
  }

  private CompiledExpr compileHaving(ExpressionContext original, String text, Scope aggregated, Map<String, String> readable) {
    try {
      return compiler.compile(io.streamsql.core.sql.SqlParser.parseExpression(text).tree(), aggregated);
    } catch (io.streamsql.core.error.StreamSqlException e) {
      if (e.getMessage().startsWith("Cannot compare")) {
        String message = e.getMessage();
        // The aggregated row's names read as the expressions they stand for, longest first (…_10 before …_1).
        List<String> names = new ArrayList<>(readable.keySet());
        names.sort((a, b) -> b.length() - a.length());
        for (String n : names) message = message.replace(n, readable.get(n));
        throw SqlErrors.at(original, "Error in HAVING expression: " + message);
      }
      throw e;
    }
  }

  /** KSQL_AGG_VARIABLE_j → the aggregate call, KSQL_GROUP_i → the grouping expression, as ksqlDB prints them. */
  private static Map<String, String> readableNames(Map<String, Call> calls, List<ValueExpressionContext> groups) {
    Map<String, String> names = new LinkedHashMap<>();
    for (Call c : calls.values()) names.put(AggregationPlan.aggregateColumn(c.index()), KsqlText.of(c.ctx()));
    for (int i = 0; i < groups.size(); i++) names.put(AggregationPlan.groupColumn(i), KsqlText.of(groups.get(i)));
    return names;
  }

  /** Grouping by exactly the source's key columns, in order: each group already lives in one source partition. */
  private static boolean groupsBySourceKey(List<ValueExpressionContext> groups, SourceSchema source, Canonical canonical) {
    if (source.isWindowed() || groups.size() != source.keyColumns().size()) return false;
    for (int i = 0; i < groups.size(); i++) {
      if (!canonical.of(groups.get(i)).equals(canonical.column(source.keyColumns().get(i).name()))) return false;
    }
    return true;
  }

  /** A resolved aggregate call: its column arguments as text (COUNT(*) counts a constant), its literals, the overload. */
  private record AggregateCall(List<String> arguments, List<String> literals, AggregateRegistry.Resolved resolved) {}

  private AggregateCall resolve(FunctionCallContext f, Scope scope) {
    String name = name(f);
    List<ExpressionContext> args = new ArrayList<>();
    for (FunctionArgumentContext a : f.functionArgument()) {
      if (a.expression() == null) throw SqlErrors.at(a, "Aggregate function " + name + " does not take a lambda");
      args.add(a.expression());
    }
    if (f.ASTERISK() != null || args.isEmpty()) {
      var resolved = aggregates.resolve(name, List.of(SqlTypes.INT), List.of());
      if (resolved == null) throw SqlErrors.at(f, "Function '" + name + "' does not accept parameters ().");
      return new AggregateCall(List.of("1"), List.of(), resolved);
    }
    List<CompiledExpr> compiled = new ArrayList<>();
    for (ExpressionContext a : args) compiled.add(QueryPlanner.inClause("SELECT", () -> compiler.compile(a, scope)));
    // Trailing literals may be initial arguments (TOPK's k): the fewest that make an overload match.
    for (int literals = 0; literals < args.size(); literals++) {
      int columns = args.size() - literals;
      List<Object> initial = new ArrayList<>();
      boolean allLiteral = true;
      for (int i = columns; i < args.size(); i++) {
        if (!isLiteral(args.get(i))) {
          allLiteral = false;
          break;
        }
        initial.add(compiled.get(i).eval().eval(new Object[scope.width()]));
      }
      if (!allLiteral) continue;
      List<SqlType> types = compiled.subList(0, columns).stream().map(CompiledExpr::type).toList();
      AggregateRegistry.Resolved r = resolveWithLiterals(name, types, initial);
      if (r != null) {
        List<String> columnTexts = args.subList(0, columns).stream().map(SqlErrors::text).toList();
        List<String> literalTexts = args.subList(columns, args.size()).stream().map(SqlErrors::text).toList();
        return new AggregateCall(columnTexts, literalTexts, r);
      }
    }
    throw SqlErrors.at(f, "Function '" + name + "' does not accept parameters ("
        + String.join(", ", compiled.stream().map(c -> SqlTypes.isNull(c.type()) ? "null" : c.type().sql()).toList()) + ").");
  }

  /** Resolves with the literal values converted to the factory's parameter types (an INT literal for a long k, …). */
  private AggregateRegistry.Resolved resolveWithLiterals(String name, List<SqlType> types, List<Object> literals) {
    return InitialArguments.resolve(aggregates, name, types, literals);
  }

  private static boolean isLiteral(ExpressionContext e) {
    return e.booleanExpression() instanceof PredicatedContext p && p.predicate() == null
        && p.valueExpression() instanceof ValueExpressionDefaultContext d && d.primaryExpression() instanceof LiteralExpressionContext;
  }

  private String name(FunctionCallContext f) {
    return SourceStatements.identifier(f.identifier()).toUpperCase(Locale.ROOT);
  }

  private boolean isAggregate(FunctionCallContext f) {
    String n = name(f);
    return aggregates.exists(n) && !compiler.functions().exists(n);
  }

  private FunctionCallContext firstAggregate(ParseTree tree) {
    if (tree instanceof FunctionCallContext f && isAggregate(f)) return f;
    for (int i = 0; i < tree.getChildCount(); i++) {
      FunctionCallContext found = firstAggregate(tree.getChild(i));
      if (found != null) return found;
    }
    return null;
  }

  private void collectCalls(ParseTree tree, Canonical canonical, Map<String, Call> calls) {
    if (tree instanceof FunctionCallContext f && !isAggregate(f) && !compiler.functions().exists(name(f))) {
      throw SqlErrors.at(f, "Can't find any functions with the name '" + name(f) + "'");
    }
    if (tree instanceof FunctionCallContext f && isAggregate(f)) {
      for (FunctionArgumentContext a : f.functionArgument()) {
        FunctionCallContext nested = firstAggregate(a);
        if (nested != null) {
          throw SqlErrors.at(f, "Aggregate functions can not be nested: " + name(f) + "(" + name(nested) + "())");
        }
      }
      String text = canonical.of(f);
      calls.computeIfAbsent(text, t -> new Call(f, t, calls.size()));
      return;
    }
    for (int i = 0; i < tree.getChildCount(); i++) collectCalls(tree.getChild(i), canonical, calls);
  }

  /** WINDOWSTART/WINDOWEND are readable only in the SELECT of a windowed aggregation. */
  private void refuseWindowBounds(QueryContext q, boolean windowed) {
    if (!windowed) {
      for (SelectItemContext item : q.selectItem()) {
        if (item instanceof SelectSingleContext s && s.identifier() == null) {
          String name = QueryPlanner.implicitName(s.expression());
          if ("WINDOWSTART".equals(name) || "WINDOWEND".equals(name)) {
            throw SqlErrors.at(s, "Reserved column name in select: `" + name + "`. Please remove or alias the column.");
          }
        }
      }
    }
    if (windowed && q.where != null && boundsColumn(q.where) != null) {
      throw SqlErrors.at(q.where, "Error in WHERE expression: Unknown column " + boundsColumn(q.where) + ".");
    }
    if (windowed) {
      // Window bounds exist only after aggregating: not inside an aggregate's arguments, nor in HAVING.
      String inAggregate = null;
      for (SelectItemContext item : q.selectItem()) if (inAggregate == null) inAggregate = boundsInAggregate(item);
      String used = inAggregate != null ? inAggregate : q.having == null ? null : boundsColumn(q.having);
      if (used != null) {
        throw SqlErrors.at(q, "Window bounds column " + used + " can only be used in the SELECT clause of windowed aggregations");
      }
    }
    String inWhere = q.where == null ? null : boundsColumn(q.where);
    String inGroup = q.groupBy() == null ? null : boundsColumn(q.groupBy());
    String used = inWhere != null ? inWhere : inGroup;
    if (used == null && !windowed) {
      for (SelectItemContext item : q.selectItem()) if (used == null) used = boundsColumn(item);
      if (used == null && q.having != null) used = boundsColumn(q.having);
    }
    if (used != null) {
      throw SqlErrors.at(q, "Window bounds column " + used + " can only be used in the SELECT clause of windowed aggregations");
    }
  }

  private String boundsInAggregate(ParseTree tree) {
    if (tree instanceof FunctionCallContext f && isAggregate(f)) return boundsColumn(f);
    for (int i = 0; i < tree.getChildCount(); i++) {
      String found = boundsInAggregate(tree.getChild(i));
      if (found != null) return found;
    }
    return null;
  }

  private static String boundsColumn(ParseTree tree) {
    if (tree instanceof ColumnReferenceContext c) {
      String n = SourceStatements.identifier(c.identifier());
      if (n.equals("WINDOWSTART") || n.equals("WINDOWEND")) return n;
    }
    for (int i = 0; i < tree.getChildCount(); i++) {
      String found = boundsColumn(tree.getChild(i));
      if (found != null) return found;
    }
    return null;
  }

  /** An expression rewritten over the aggregated row, or which source columns it reads outside aggregates and groups. */
  private record Rewrite(String text, List<String> columns) {
    boolean ungrouped() {
      return !columns.isEmpty();
    }
  }

  private Rewrite rewrite(ParserRuleContext e, Canonical canonical, Map<String, Integer> groups, Map<String, Call> calls) {
    List<Span> spans = new ArrayList<>();
    List<String> ungrouped = new ArrayList<>();
    collectSpans(e, canonical, groups, calls, spans, ungrouped, new HashSet<>());
    String text = SqlErrors.text(e);
    int base = e.getStart().getStartIndex();
    StringBuilder out = new StringBuilder(text);
    for (int i = spans.size() - 1; i >= 0; i--) {
      Span s = spans.get(i);
      out.replace(s.start() - base, s.stop() - base + 1, s.text());
    }
    return new Rewrite(out.toString(), ungrouped);
  }

  private record Span(int start, int stop, String text) {}

  private void collectSpans(
      ParseTree tree, Canonical canonical, Map<String, Integer> groups, Map<String, Call> calls, List<Span> spans, List<String> ungrouped,
      Set<String> lambdaNames) {
    if (tree instanceof ParserRuleContext ctx && !(tree instanceof TerminalNode)) {
      if (ctx instanceof FunctionCallContext f && isAggregate(f)) {
        spans.add(span(ctx, AggregationPlan.aggregateColumn(calls.get(canonical.of(f)).index())));
        return;
      }
      Integer group = groups.get(canonical.of(ctx));
      if (group != null && !(ctx instanceof IdentifierContext)) {
        spans.add(span(ctx, AggregationPlan.groupColumn(group)));
        return;
      }
      if (ctx instanceof LambdaContext l) {
        Set<String> inner = new HashSet<>(lambdaNames);
        for (IdentifierContext id : l.identifier()) inner.add(SourceStatements.identifier(id));
        for (int i = 0; i < tree.getChildCount(); i++) collectSpans(tree.getChild(i), canonical, groups, calls, spans, ungrouped, inner);
        return;
      }
      if (ctx instanceof ColumnReferenceContext c) {
        String n = SourceStatements.identifier(c.identifier());
        if (!lambdaNames.contains(n) && !n.equals("WINDOWSTART") && !n.equals("WINDOWEND")) ungrouped.add(n);
        return;
      }
      if (ctx instanceof QualifiedColumnReferenceContext qc) {
        String n = SourceStatements.identifier(qc.identifier(1));
        if (n.equals("WINDOWSTART") || n.equals("WINDOWEND")) spans.add(span(ctx, n));
        else ungrouped.add(n);
        return;
      }
    }
    for (int i = 0; i < tree.getChildCount(); i++) collectSpans(tree.getChild(i), canonical, groups, calls, spans, ungrouped, lambdaNames);
  }

  private static Span span(ParserRuleContext ctx, String text) {
    return new Span(ctx.getStart().getStartIndex(), ctx.getStop().getStopIndex(), text);
  }

  /** EMIT FINAL without a grace period closes windows at their end (ksqlDB's suppression); EMIT CHANGES keeps 24 hours. */
  private static AggregationPlan.Window window(WindowExpressionContext w, boolean emitFinal) {
    long grace = emitFinal ? 0 : DEFAULT_GRACE_MILLIS;
    Long retention = null;
    List<WindowOptionContext> options;
    AggregationPlan.Window base;
    if (w.tumblingWindow() != null) {
      long size = millis(w.tumblingWindow().duration());
      options = w.tumblingWindow().windowOption();
      base = new AggregationPlan.Window(SourceWindow.Type.TUMBLING, size, size, 0, 0);
    } else if (w.hoppingWindow() != null) {
      long size = millis(w.hoppingWindow().duration(0));
      long advance = millis(w.hoppingWindow().duration(1));
      if (advance <= 0 || advance > size) {
        throw SqlErrors.at(w, "Window advance must be positive and at most the window size: ADVANCE BY " + advance + " ms, SIZE " + size + " ms");
      }
      options = w.hoppingWindow().windowOption();
      base = new AggregationPlan.Window(SourceWindow.Type.HOPPING, size, advance, 0, 0);
    } else {
      long gap = millis(w.sessionWindow().duration());
      options = w.sessionWindow().windowOption();
      base = new AggregationPlan.Window(SourceWindow.Type.SESSION, gap, 0, 0, 0);
    }
    for (WindowOptionContext o : options) {
      if (o.RETENTION() != null) retention = millis(o.duration());
      else grace = millis(o.duration());
    }
    long minimum = base.sizeMillis() + grace;
    if (retention != null && retention < minimum) {
      throw SqlErrors.at(w, "The retention period (" + retention + " ms) of a window must be at least its size plus its grace period ("
          + minimum + " ms)");
    }
    return new AggregationPlan.Window(base.type(), base.sizeMillis(), base.advanceMillis(), grace, retention == null ? minimum : retention);
  }

  private static long millis(DurationContext d) {
    String number = d.number().getText();
    return SourceWindow.durationMillis(number + " " + SourceStatements.identifier(d.timeUnit().identifier()));
  }

  /**
   * Expression text for matching: names resolved as the engine reads them, qualifiers of this
   * source dropped, redundant parentheses ignored, keywords in one case, literals as written.
   */
  private static final class Canonical {
    private final Set<String> qualifiers;

    Canonical(Set<String> qualifiers) {
      this.qualifiers = qualifiers;
    }

    String column(String name) {
      return "`" + name + "`";
    }

    String of(ParseTree tree) {
      StringBuilder sb = new StringBuilder();
      append(tree, sb);
      return sb.toString().trim();
    }

    private void append(ParseTree tree, StringBuilder sb) {
      if (tree instanceof ParenthesizedExpressionContext p) {
        append(p.expression(), sb);
        return;
      }
      if (tree instanceof ColumnReferenceContext c) {
        sb.append(column(SourceStatements.identifier(c.identifier()))).append(' ');
        return;
      }
      if (tree instanceof QualifiedColumnReferenceContext qc) {
        String q = SourceStatements.identifier(qc.identifier(0));
        if (!qualifiers.contains(q)) sb.append(column(q)).append('.');
        sb.append(column(SourceStatements.identifier(qc.identifier(1)))).append(' ');
        return;
      }
      if (tree instanceof IdentifierContext id) {
        sb.append(column(SourceStatements.identifier(id))).append(' ');
        return;
      }
      if (tree instanceof TerminalNode t) {
        String text = t.getText();
        sb.append(text.startsWith("'") ? text : text.toUpperCase(Locale.ROOT)).append(' ');
        return;
      }
      for (int i = 0; i < tree.getChildCount(); i++) append(tree.getChild(i), sb);
    }
  }
}

package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser.*;
import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.ExpressionCompiler;
import io.streamsql.core.sql.expr.KsqlText;
import io.streamsql.core.sql.expr.Scope;
import io.streamsql.core.sql.expr.SqlErrors;
import io.streamsql.core.sql.plan.join.JoinPlan;
import io.streamsql.core.sql.plan.join.JoinedRows;
import io.streamsql.core.sql.serde.Serde;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Plans a SELECT with JOINs, with ksqlDB's rules: which source each side of an ON belongs to, the
 * join kinds that exist (stream-stream within a window, stream-table, table-table), the key of the
 * result (the join column the projection names, or the synthetic ROWKEY of a FULL OUTER join or a
 * join on expressions), columns named {@code ALIAS_NAME} where more than one source has the name,
 * and ksqlDB's errors. Every source is keyed in stage one by the expression it joins on, so the
 * joins of one statement must all meet on one key: a later join on another key is refused.
 */
final class JoinPlanner {
  /** A source of the join as the planner sees it: schema, alias (null: its name), log. */
  record Input(SourceSchema schema, String alias, String log) {
    String qualifier() {
      return alias == null ? schema.name() : alias;
    }
  }

  private final ExpressionCompiler compiler;
  private List<String> inputsNames = List.of();

  JoinPlanner(ExpressionCompiler compiler) {
    this.compiler = compiler;
  }

  PlannedQuery plan(QueryContext q, List<Input> inputs, SinkSpec sink, ProcessingLog log) {
    if (q.groupBy() != null) throw SqlErrors.at(q.groupBy(), "GROUP BY over a JOIN is not supported by StreamSQL yet");
    prepare(inputs);
    List<SourceSchema> schemas = inputs.stream().map(Input::schema).toList();
    List<String> aliases = inputs.stream().map(Input::alias).toList();
    // A scope over every source's columns resolves the ON expressions to their sources.
    JoinedRows probe = new JoinedRows(schemas, aliases, null, null);
    List<JoinedRelationContext> joins = q.relation().joinedRelation();
    List<JoinPlan.Step> steps = new ArrayList<>();
    String[] partitionBy = new String[inputs.size()];
    SqlType keyType = null;
    boolean leftIsTable = schemas.get(0).isTable();
    io.streamsql.core.error.StreamSqlException rekeyed = null;
    Input foreignKeySource = null;
    checkValueFormats(q, inputs);
    // ksqlDB validates every join condition before it looks at the kinds of the sources.
    List<Criteria> criteria = new ArrayList<>();
    for (int i = 0; i < joins.size(); i++) criteria.add(criteria(joins.get(i), probe.scope(), i, inputs));
    for (int i = 0; i < joins.size(); i++) {
      JoinedRelationContext j = joins.get(i);
      Input right = inputs.get(i + 1);
      JoinPlan.Type type = type(j.joinType());
      boolean rightIsTable = right.schema().isTable();
      Criteria c = criteria.get(i);
      checkWindows(j, inputs.get(c.leftSource()), right, c);
      checkKinds(q, j, type, leftIsTable, rightIsTable, inputs.get(c.leftSource()), right, i);
      JoinPlan.Window window = window(j.withinExpression());
      if (partitionBy[c.leftSource()] == null) partitionBy[c.leftSource()] = c.leftText();
      else if (!partitionBy[c.leftSource()].equals(c.leftText()) && rekeyed == null) {
        rekeyed = SqlErrors.at(j, "StreamSQL joins every source of one statement on one key: this join reads "
            + c.leftText() + " where an earlier join reads " + partitionBy[c.leftSource()] + ". Join on the same key, "
            + "or write the first join to a stream and join that.");
      }
      partitionBy[i + 1] = c.rightText();
      if (i == 0) keyType = c.leftType();
      boolean foreignKey = checkTableKeys(j, inputs.get(c.leftSource()), right, c, leftIsTable, rightIsTable, i);
      if (foreignKey && (type == JoinPlan.Type.RIGHT || type == JoinPlan.Type.OUTER)) {
        throw SqlErrors.at(j, "Invalid join type: " + (type == JoinPlan.Type.OUTER ? "full-outer" : "right") + " join not supported "
            + "for foreign-key table-table join. Got " + inputs.get(c.leftSource()).schema().name() + " " + joinText(type) + " JOIN "
            + right.schema().name() + ".");
      }
      if (foreignKey) foreignKeySource = inputs.get(0);
      steps.add(new JoinPlan.Step(type, c.leftText(), c.rightText(), window, c.leftSource(), foreignKey));
      leftIsTable = leftIsTable && rightIsTable;
      checkPartitions(j, inputs.get(c.leftSource()), right, c);
    }
    CreateSource.Kind produced = leftIsTable ? CreateSource.Kind.TABLE : CreateSource.Kind.STREAM;
    if (sink.existing() == null && produced != sink.kind()) {
      throw SqlErrors.of("Invalid result type. Your SELECT query produces a " + produced + ". Please use CREATE " + produced
          + " AS SELECT statement instead.");
    }

    // The key: the join column the projection names, else a synthetic ROWKEY.
    JoinPlan.Step last = steps.get(steps.size() - 1);
    List<String[]> candidates = new ArrayList<>(); // {qualifier, column} of join columns that can name the key
    // The key can be named by any column equal to the final join key: a join's own columns, and the
    // earlier joins' when it joins on one of them. A FULL OUTER join's key is synthetic.
    List<String> keyExpressions = new ArrayList<>(); // every expression equal to the join key so far
    for (JoinPlan.Step s : steps) {
      if (s.type() == JoinPlan.Type.OUTER) {
        candidates.clear();
        keyExpressions.clear();
        continue;
      }
      if (!keyExpressions.contains(upper(s.leftKey()))) {
        candidates.clear();
        keyExpressions.clear();
        keyExpressions.add(upper(s.leftKey()));
        addCandidate(candidates, s.leftKey(), probe.scope());
      }
      keyExpressions.add(upper(s.rightKey()));
      addCandidate(candidates, s.rightKey(), probe.scope());
    }
    if (foreignKeySource != null) {
      // A foreign-key join's result is keyed by the left table's primary key.
      candidates.clear();
      candidates.add(new String[] {foreignKeySource.qualifier(), foreignKeySource.schema().keyColumns().get(0).name()});
    }
    boolean synthetic = foreignKeySource == null && candidates.isEmpty() || last.type() == JoinPlan.Type.OUTER;
    String keyName = synthetic ? syntheticName(schemas) : foreignKeySource != null ? null : "JOINKEY" + "$";
    // The slot of the join key: a synthetic key's own name, else a name no query can write.
    JoinedRows rows = new JoinedRows(schemas, aliases, keyName, keyType);
    Scope scope = rows.scope();

    CompiledExpr filter = null;
    if (q.where != null) {
      filter = QueryPlanner.inClause("WHERE", () -> compiler.compile(q.where, scope));
      if (!SqlTypes.isBase(filter.type(), SqlType.Base.BOOLEAN)) {
        throw SqlErrors.at(q.where, "Type error in WHERE expression: Should evaluate to boolean but is " + KsqlText.of(q.where) + " ("
            + filter.type().sql() + ") instead.");
      }
    }
    Map<String, Integer> owners = new HashMap<>();
    for (SourceSchema s : schemas) {
      for (Serde.Column c : s.rowColumns()) owners.merge(c.name(), 1, Integer::sum);
      for (String pseudo : SourceSchema.PSEUDO_COLUMNS) owners.merge(pseudo, 1, Integer::sum);
    }
    List<Projected> projection = project(q, inputs, scope, owners, synthetic ? keyName : null, synthetic ? List.of() : candidates);
    String keyText = foreignKeySource == null ? null
        : SourceSchema.quote(foreignKeySource.qualifier()) + "." + SourceSchema.quote(foreignKeySource.schema().keyColumns().get(0).name());
    if (q.partitionBy() != null && produced == CreateSource.Kind.TABLE) {
      throw SqlErrors.at(q.partitionBy(), "ksqlDB does not support PARTITION BY on a table: use GROUP BY instead.");
    }
    List<QueryPlanner.OutColumn> columns = q.partitionBy() != null ? partitioned(q, sink, projection, scope)
        : keyed(q, sink, projection, candidates, synthetic, keyName, keyType, inputs, keyText);

    SourceSchema sinkSchema = QueryPlanner.sinkSchema(schemas.get(0), sink, columns, q);
    if (rekeyed != null) throw rekeyed;
    List<QueryPlan.Column> planned = columns.stream().map(c -> new QueryPlan.Column(c.name(), c.source(), c.key())).toList();
    List<JoinPlan.Source> sources = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      sources.add(new JoinPlan.Source(schemas.get(i).toDdl(), aliases.get(i), inputs.get(i).log(), partitionBy[i]));
    }
    JoinPlan join = new JoinPlan(sources, steps, keyName);
    QueryPlan plan = new QueryPlan(QueryPlan.JOIN_VERSION, schemas.get(0).toDdl(), aliases.get(0), sinkSchema.toDdl(),
        q.where == null ? null : SqlErrors.text(q.where), planned, false, null, join);
    return new PlanCompiler(compiler.functions()).compile(plan, log);
  }

  private static JoinPlan.Type type(JoinTypeContext t) {
    if (t.LEFT() != null) return JoinPlan.Type.LEFT;
    if (t.RIGHT() != null) return JoinPlan.Type.RIGHT;
    if (t.FULL() != null) return JoinPlan.Type.OUTER;
    return JoinPlan.Type.INNER;
  }

  /** How ksqlDB prints a join type in its errors: {@code [INNER]}, {@code LEFT [OUTER]}, {@code [FULL] OUTER}. */
  private static String joinText(JoinPlan.Type t) {
    return switch (t) {
      case INNER -> "[INNER]";
      case LEFT -> "LEFT [OUTER]";
      case RIGHT -> "RIGHT [OUTER]";
      case OUTER -> "[FULL] OUTER";
    };
  }

  /** ksqlDB's KAFKA value format cannot be joined. */
  private static void checkValueFormats(QueryContext q, List<Input> inputs) {
    List<String> kafka = inputs.stream().filter(i -> i.schema().valueFormat() == io.streamsql.core.sql.serde.SerdeFormat.KAFKA)
        .map(i -> i.schema().name()).toList();
    if (!kafka.isEmpty()) {
      throw SqlErrors.at(q, "Source(s) " + String.join(", ", kafka) + " are using the 'KAFKA' value format. This format does not yet "
          + "support JOIN.");
    }
  }

  /** Windowed sources join only sources windowed the same way, on their keys. */
  private static void checkWindows(JoinedRelationContext j, Input left, Input right, Criteria c) {
    SourceWindow lw = left.schema().window();
    SourceWindow rw = right.schema().window();
    if (lw == null && rw == null) return;
    if (lw == null || rw == null) {
      throw SqlErrors.at(j, "Can not join windowed source to non-windowed source.\n`" + left.schema().name() + "` is "
          + (lw == null ? "not windowed" : lw.type() + " windowed") + "\n`" + right.schema().name() + "` is "
          + (rw == null ? "not windowed" : rw.type() + " windowed"));
    }
    boolean ls = lw.type() == SourceWindow.Type.SESSION;
    boolean rs = rw.type() == SourceWindow.Type.SESSION;
    if (ls != rs) {
      throw SqlErrors.at(j, "Incompatible windowed sources.\nLeft source: " + lw.type() + "\nRight source: " + rw.type()
          + "\nSession windowed sources can only be joined to other session windowed sources, and may still not result in expected "
          + "behaviour as session bounds must be an exact match for the join to work\nHopping and tumbling windowed sources can only be "
          + "joined to other hopping and tumbling windowed sources");
    }
    boolean byKeys = isKey(left, c.leftColumn()) && isKey(right, c.rightColumn());
    if (!byKeys || !ls && lw.sizeMillis() != rw.sizeMillis()) {
      throw SqlErrors.at(j, "Implicit repartitioning of windowed sources is not supported. See https://github.com/confluentinc/ksql/issues/4385.");
    }
  }

  private static boolean isKey(Input in, String column) {
    List<Serde.Column> keys = in.schema().keyColumns();
    return column != null && keys.size() == 1 && keys.get(0).name().equals(column);
  }

  private static String typeName(JoinPlan.Type t) {
    return switch (t) {
      case INNER -> "INNER";
      case LEFT -> "LEFT OUTER";
      case RIGHT -> "RIGHT OUTER";
      case OUTER -> "FULL OUTER";
    };
  }

  private void checkKinds(QueryContext q, JoinedRelationContext j, JoinPlan.Type type, boolean leftIsTable, boolean rightIsTable,
      Input first, Input right, int index) {
    String leftName = first.schema().name();
    if (leftIsTable && !rightIsTable) {
      throw SqlErrors.at(j, "Invalid join order: table-stream joins are not supported; only stream-table joins. Got "
          + leftName + " " + joinText(type) + " JOIN "
          + right.schema().name() + ".");
    }
    if (!leftIsTable && !rightIsTable && j.withinExpression() == null) {
      throw SqlErrors.at(j, "Stream-Stream joins must have a WITHIN clause specified. None was provided. To learn about how to "
          + "specify a WITHIN clause with a stream-stream join, please visit: https://docs.confluent.io/current/ksql/docs/"
          + "syntax-reference.html#create-stream-as-select");
    }
    if (rightIsTable && j.withinExpression() != null) {
      throw SqlErrors.at(j, "A window definition was provided for a " + (leftIsTable ? "Table-Table" : "Stream-Table") + " join. These joins "
          + "are not windowed. Please drop the window definition (ie. the WITHIN clause) and try to execute your "
          + (leftIsTable ? "Table-Table" : "Stream-Table") + " join again.");
    }
    if (!leftIsTable && rightIsTable && (type == JoinPlan.Type.RIGHT || type == JoinPlan.Type.OUTER)) {
      throw SqlErrors.at(j, "Invalid join type: " + (type == JoinPlan.Type.OUTER ? "full-outer" : "right") + " join not supported for "
          + "stream-table join. Got " + leftName + " " + joinText(type) + " JOIN " + right.schema().name() + ".");
    }
  }

  /** The two sides of an ON: which source the left one reads, their text (qualified) and type, and the columns they name. */
  private record Criteria(
      int leftSource, String leftText, SqlType leftType, String leftColumn, String rightText, String rightColumn, String written) {}

  private Criteria criteria(JoinedRelationContext j, Scope scope, int index, List<Input> inputs) {
    ExpressionContext on = j.expression();
    if (on.booleanExpression() instanceof LogicalAndContext || on.booleanExpression() instanceof LogicalOrContext) {
      throw SqlErrors.at(on, "Invalid join condition: joins on multiple conditions are not yet supported. Got "
          + conditionText(on.booleanExpression()) + ".");
    }
    if (!(on.booleanExpression() instanceof PredicatedContext p) || !(p.predicate() instanceof ComparisonContext cmp)
        || cmp.comparisonOperator().EQ() == null) {
      throw SqlErrors.at(on, "Unsupported join expression: " + KsqlText.of(on)
          + ". Only equality conditions are supported (eg, ON left.col = right.col).");
    }
    ValueExpressionContext a = p.valueExpression();
    ValueExpressionContext b = cmp.right;
    checkQualifiers(on);
    Set<Integer> sa = sourcesOf(a, scope);
    Set<Integer> sb = sourcesOf(b, scope);
    String condition = "(" + printed(a) + " = " + printed(b) + ")";
    if (sa.isEmpty() || sb.isEmpty()) {
      throw SqlErrors.at(on, "Invalid comparison expression '" + printed(sa.isEmpty() ? a : b) + "' in join '" + condition
          + "'. Each side of the join comparision must contain references from exactly one source.");
    }
    if (sa.size() > 1 || sb.size() > 1) {
      throw SqlErrors.at(on, "Invalid comparison expression '" + printed(sa.size() > 1 ? a : b) + "' in join '" + condition
          + "'. Each side of the join comparision must contain references from exactly one source.");
    }
    int sourceA = sa.iterator().next();
    int sourceB = sb.iterator().next();
    if (sourceA == sourceB) {
      String name = inputs.get(sourceA).schema().name();
      throw SqlErrors.at(on, "Each side of the join must reference exactly one source and not the same source. Left side references `"
          + name + "` and right references `" + name + "`");
    }
    int right = index + 1;
    if (sourceA != right && sourceB != right) {
      throw SqlErrors.at(on, "A join criteria is expected to reference the source (`" + inputs.get(right).schema().name()
          + "`) in the FROM clause, instead the right source references `" + inputs.get(sourceB).schema().name()
          + "` and the left source references `" + inputs.get(sourceA).schema().name() + "`");
    }
    ValueExpressionContext l = sourceB == right ? a : b;
    ValueExpressionContext r = sourceB == right ? b : a;
    if ((sourceB == right ? sourceA : sourceB) > index) {
      throw SqlErrors.at(on, "Invalid join condition: each side of the join criteria must reference exactly one source of the "
          + "join. Got " + condition + ".");
    }
    CompiledExpr le = QueryPlanner.inClause("JOIN ON", () -> compiler.compileValue(l, scope));
    CompiledExpr re = QueryPlanner.inClause("JOIN ON", () -> compiler.compileValue(r, scope));
    if (!sameKind(le.type(), re.type())) {
      throw SqlErrors.at(on, "Invalid join condition: types don't match. Got " + KsqlText.of(l) + "{" + le.type().sql() + "} = "
          + KsqlText.of(r) + "{" + re.type().sql() + "}.");
    }
    int leftSource = sourceB == right ? sourceA : sourceB;
    return new Criteria(leftSource, qualifiedText(l, scope), le.type(), columnOf(l), qualifiedText(r, scope), columnOf(r),
        upper(qualifiedText(a, scope)) + " = " + upper(qualifiedText(b, scope)));
  }

  private void checkQualifiers(ParseTree tree) {
    if (tree instanceof QualifiedColumnReferenceContext qc) {
      String qualifier = SourceStatements.identifier(qc.identifier(0));
      if (!sourceOfQualifier.containsKey(qualifier)) {
        throw SqlErrors.at(qc, "Failed to prepare statement: '" + qualifier + "' is not a valid stream/table name or alias.");
      }
      return;
    }
    for (int i = 0; i < tree.getChildCount(); i++) checkQualifiers(tree.getChild(i));
  }

  /** An expression as ksqlDB prints it: names upper-cased (outside quotes). */
  private static String printed(ValueExpressionContext e) {
    return upper(KsqlText.of(e)).replaceAll("\\bNULL\\b", "null");
  }

  private static String upper(String text) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    for (char ch : text.toCharArray()) {
      if (quote == 0 && (ch == '\'' || ch == '`')) quote = ch;
      else if (quote != 0 && ch == quote) quote = 0;
      out.append(quote == 0 ? Character.toUpperCase(ch) : ch);
    }
    return out.toString();
  }

  /** A condition as ksqlDB prints it: every comparison and AND/OR in parentheses. */
  private static String conditionText(BooleanExpressionContext e) {
    if (e instanceof LogicalAndContext and) return "(" + conditionText(and.left) + " AND " + conditionText(and.right) + ")";
    if (e instanceof LogicalOrContext or) return "(" + conditionText(or.left) + " OR " + conditionText(or.right) + ")";
    if (e instanceof PredicatedContext p && p.predicate() instanceof ComparisonContext c) {
      return "(" + printed(p.valueExpression()) + " " + c.comparisonOperator().getText() + " " + printed(c.right) + ")";
    }
    return SqlErrors.text(e);
  }

  private static boolean sameKind(SqlType a, SqlType b) {
    if (a.equals(b)) return true;
    return isInteger(a) && isInteger(b);
  }

  private static boolean isInteger(SqlType t) {
    return SqlTypes.isBase(t, SqlType.Base.INT) || SqlTypes.isBase(t, SqlType.Base.BIGINT);
  }

  /** The sources (indexes) an expression reads, from its column references. */
  private Set<Integer> sourcesOf(ParseTree tree, Scope scope) {
    Set<Integer> out = new HashSet<>();
    collectSources(tree, scope, out);
    return out;
  }

  private final Map<String, Integer> sourceOfQualifier = new HashMap<>();
  private final Map<String, Integer> sourceOfColumn = new HashMap<>();

  private void collectSources(ParseTree tree, Scope scope, Set<Integer> out) {
    if (tree instanceof QualifiedColumnReferenceContext qc) {
      String qualifier = SourceStatements.identifier(qc.identifier(0));
      Integer s = sourceOfQualifier.get(qualifier);
      if (s == null) throw SqlErrors.at(qc, "Failed to prepare statement: '" + qualifier + "' is not a valid stream/table name or alias.");
      String column = SourceStatements.identifier(qc.identifier(1));
      if (scope.resolve(qualifier + "." + column) == null) {
        throw SqlErrors.at(qc, SqlErrors.position(qc) + "JOIN ON column '" + qualifier + "." + column + "' cannot be resolved.");
      }
      out.add(s);
      return;
    }
    if (tree instanceof ColumnReferenceContext c) {
      String name = SourceStatements.identifier(c.identifier());
      if (scope.ambiguity(name) != null) {
        throw SqlErrors.at(c, "Exception while preparing statement: " + SqlErrors.position(c) + scope.ambiguity(name));
      }
      Integer s = sourceOfColumn.get(name);
      if (s == null) throw SqlErrors.at(c, SqlErrors.position(c) + "JOIN ON column '" + name + "' cannot be resolved.");
      out.add(s);
      return;
    }
    for (int i = 0; i < tree.getChildCount(); i++) collectSources(tree.getChild(i), scope, out);
  }

  /** The expression's text with every column qualified by its source, so it reads the same in the source's own scope. */
  private String qualifiedText(ValueExpressionContext e, Scope scope) {
    Set<String> columns = new HashSet<>(sourceOfColumn.keySet());
    String qualifier = null;
    for (var entry : sourceOfQualifier.entrySet()) {
      if (entry.getValue().equals(sourcesOf(e, scope).iterator().next())) {
        qualifier = entry.getKey();
        break;
      }
    }
    return QualifiedText.of(e, primaryQualifier(sourcesOf(e, scope).iterator().next(), qualifier), columns);
  }

  private final Map<Integer, String> qualifierOfSource = new HashMap<>();

  private String primaryQualifier(int source, String fallback) {
    return qualifierOfSource.getOrDefault(source, fallback);
  }

  /** The column an expression names when it is a bare (possibly qualified) column reference, else null. */
  private static String columnOf(ValueExpressionContext e) {
    if (!(e instanceof ValueExpressionDefaultContext d)) return null;
    if (d.primaryExpression() instanceof ColumnReferenceContext c) return SourceStatements.identifier(c.identifier());
    if (d.primaryExpression() instanceof QualifiedColumnReferenceContext qc) return SourceStatements.identifier(qc.identifier(1));
    return null;
  }

  private static JoinPlan.Window window(WithinExpressionContext w) {
    if (w == null) return null;
    long before;
    long after;
    if (w.duration().size() >= 2 && w.getChild(1).getText().equals("(")) {
      before = millis(w.duration(0));
      after = millis(w.duration(1));
    } else {
      before = after = millis(w.duration(0));
    }
    Long grace = null;
    if (w.GRACE() != null) grace = millis(w.duration(w.duration().size() - 1));
    return new JoinPlan.Window(before, after, grace);
  }

  private static long millis(DurationContext d) {
    return SourceWindow.durationMillis(d.number().getText() + " " + SourceStatements.identifier(d.timeUnit().identifier()));
  }

  /**
   * A table side is joined on its primary key: a stream-table join on the table's, a table-table join
   * on the right table's. A table-table join on a column of the left table is a foreign-key join.
   */
  private static boolean checkTableKeys(JoinedRelationContext j, Input left, Input right, Criteria c, boolean leftIsTable,
      boolean rightIsTable, int index) {
    if (!rightIsTable) return false;
    if (!leftIsTable) {
      if (!isKey(right, c.rightColumn())) {
        throw SqlErrors.at(j, "Invalid join condition: stream-table joins require to join on the table's primary key. Got "
            + c.written() + ".");
      }
      return false;
    }
    if (!isKey(right, c.rightColumn())) {
      throw SqlErrors.at(j, "Invalid join condition: table-table joins require to join on the primary key of the right input table. Got "
          + c.written() + ".");
    }
    if (!isKey(left, c.leftColumn())) {
      if (index > 0) {
        throw SqlErrors.at(j, "Invalid join condition: foreign-key table-table joins are not supported as part of n-way joins. Got "
            + c.written() + ".");
      }
      return true;
    }
    return false;
  }

  /** Sources joined on their own keys are read as they are partitioned: their partition counts must match. */
  private static void checkPartitions(JoinedRelationContext j, Input left, Input right, Criteria c) {
    boolean leftByKey = isKey(left, c.leftColumn());
    boolean rightByKey = isKey(right, c.rightColumn());
    int lp = left.schema().partitions();
    int rp = right.schema().partitions();
    if (leftByKey && rightByKey && lp > 0 && rp > 0 && lp != rp) {
      throw SqlErrors.at(j, "Can't join `" + left.schema().name() + "` with `" + right.schema().name() + "` since the number of "
          + "partitions don't match. `" + left.schema().name() + "` partitions = " + lp + "; `" + right.schema().name() + "` partitions = "
          + rp + ". Please repartition either one so that the number of partitions match.");
    }
  }

  private void addCandidate(List<String[]> candidates, String text, Scope scope) {
    Matcher m = QUALIFIED_COLUMN.matcher(text);
    if (m.matches()) candidates.add(new String[] {unquote(m.group(1)), unquote(m.group(2))});
  }

  private static final Pattern QUALIFIED_COLUMN = Pattern.compile("(`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)\\.(`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)");

  private static String unquote(String s) {
    return s.startsWith("`") ? s.substring(1, s.length() - 1).replace("``", "`") : s.toUpperCase(Locale.ROOT);
  }

  /** ROWKEY, or ROWKEY_n past every ROWKEY_n a source has. */
  private static String syntheticName(List<SourceSchema> schemas) {
    int max = -1;
    boolean plain = false;
    Pattern p = Pattern.compile("ROWKEY(?:_(\\d+))?");
    for (SourceSchema s : schemas) {
      for (Serde.Column c : s.rowColumns()) {
        Matcher m = p.matcher(c.name());
        if (!m.matches()) continue;
        if (m.group(1) == null) plain = true;
        else max = Math.max(max, Integer.parseInt(m.group(1)));
      }
    }
    if (!plain && max < 0) return "ROWKEY";
    return "ROWKEY_" + (max + 1 == 0 ? 1 : max + 1);
  }

  /** A projected column and, when it is a bare column reference, the source and column it names. */
  private record Projected(QueryPlanner.OutColumn column, String qualifier, String sourceColumn) {}

  private List<Projected> project(
      QueryContext q, List<Input> inputs, Scope scope, Map<String, Integer> owners, String synthetic, List<String[]> candidates) {
    List<Projected> out = new ArrayList<>();
    int generated = 0;
    Set<String> taken = new HashSet<>();
    for (Input in : inputs) for (Serde.Column c : in.schema().rowColumns()) taken.add(c.name());
    for (SelectItemContext item : q.selectItem()) {
      if (item instanceof SelectSingleContext s && s.identifier() != null) taken.add(SourceStatements.identifier(s.identifier()));
    }
    for (SelectItemContext item : q.selectItem()) {
      if (item instanceof SelectAllContext) {
        if (synthetic != null) {
          Scope.Slot slot = scope.resolve(synthetic);
          out.add(new Projected(column(synthetic, slot, SourceSchema.quote(synthetic)), null, synthetic));
        }
        for (Input in : inputs) addAll(out, in, scope);
      } else if (item instanceof SelectAllOfContext of) {
        String qualifier = SourceStatements.identifier(of.identifier());
        Input in = inputs.stream().filter(i -> i.qualifier().equals(qualifier) || i.schema().name().equals(qualifier)).findFirst()
            .orElseThrow(() -> SqlErrors.at(of, "'" + qualifier + "' is not a valid stream/table name or alias."));
        addAll(out, in, scope);
      } else if (item instanceof SelectStructAllContext st) {
        CompiledExpr base = compiler.compilePrimary(st.primaryExpression(), scope);
        if (!(base.type() instanceof SqlType.Struct struct)) throw SqlErrors.at(st, "Expected STRUCT for " + base.text() + "->*");
        for (SqlType.Field f : struct.fields()) {
          var be = base.eval();
          String field = f.name();
          out.add(new Projected(new QueryPlanner.OutColumn(field, new CompiledExpr(f.type(), row -> {
            Object m = be.eval(row);
            return m == null ? null : ((Map<?, ?>) m).get(field);
          }, base.text() + "->" + field), false, SqlErrors.text(st.primaryExpression()) + "->" + SourceSchema.quote(field)), null, null));
        }
      } else if (item instanceof SelectSingleContext single) {
        if (TableFunction.of(single.expression(), compiler.functions()) != null) {
          throw SqlErrors.at(single, "Table functions over a JOIN are not supported by StreamSQL yet");
        }
        CompiledExpr e = QueryPlanner.inClause("SELECT", () -> compiler.compile(single.expression(), scope));
        String qualifier = null;
        String column = null;
        String name;
        PrimaryExpressionContext primary = primaryOf(single.expression());
        if (primary instanceof QualifiedColumnReferenceContext qc) {
          qualifier = SourceStatements.identifier(qc.identifier(0));
          column = SourceStatements.identifier(qc.identifier(1));
          if (column.equals(synthetic)) qualifier = null;
        } else if (primary instanceof ColumnReferenceContext c) {
          column = SourceStatements.identifier(c.identifier());
          qualifier = column.equals(synthetic) || "ROWTIME".equals(column) ? null : qualifierOfColumn(column, inputs);
        }
        if (single.identifier() == null && column != null && (qualifier == null || primary instanceof ColumnReferenceContext)
            && (SourceSchema.PSEUDO_COLUMNS.contains(column) || column.equals("WINDOWSTART") || column.equals("WINDOWEND"))) {
          throw SqlErrors.at(single, "Reserved column name in select: `" + column + "`. Please remove or alias the column.");
        }
        if (single.identifier() != null) {
          name = SourceStatements.identifier(single.identifier());
          if (SourceSchema.PSEUDO_COLUMNS.contains(name) || name.equals("WINDOWSTART") || name.equals("WINDOWEND")) {
            throw SqlErrors.at(single, "Reserved column name in select: `" + name + "`. Please remove or alias the column.");
          }
        } else if (primary instanceof QualifiedColumnReferenceContext && qualifier != null) {
          // ksqlDB names a qualified column ALIAS_NAME when other sources have the name or it is a join column.
          String q0 = qualifier;
          String c0 = column;
          boolean joinColumn = candidates.stream().anyMatch(c -> c[1].equals(c0) && sameSource(c[0], q0, inputs));
          name = owners.getOrDefault(column, 0) > 1 || joinColumn ? joinAlias(qualifier, column, inputs) : column;
        } else {
          name = QueryPlanner.implicitName(single.expression());
          if (name == null) {
            do {
              name = "KSQL_COL_" + generated++;
            } while (taken.contains(name));
          }
        }
        if (SqlTypes.isNull(e.type())) {
          throw SqlErrors.at(single, "Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).");
        }
        out.add(new Projected(new QueryPlanner.OutColumn(name, e, false, SqlErrors.text(single.expression())), qualifier, column));
      }
    }
    Set<String> names = new HashSet<>();
    for (Projected p : out) {
      if (!names.add(p.column().name())) throw SqlErrors.at(q, "Duplicate column names: " + p.column().name());
    }
    return out;
  }

  private static String qualifierOfColumn(String column, List<Input> inputs) {
    for (Input in : inputs) {
      for (Serde.Column c : in.schema().rowColumns()) if (c.name().equals(column)) return in.qualifier();
    }
    return null;
  }

  /** ksqlDB names a column of a join's source {@code ALIAS_NAME}. */
  private static String joinAlias(String qualifier, String column, List<Input> inputs) {
    for (Input in : inputs) {
      if (in.schema().name().equals(qualifier)) return in.qualifier() + "_" + column;
    }
    return qualifier + "_" + column;
  }

  private static QueryPlanner.OutColumn column(String name, Scope.Slot slot, String text) {
    int index = slot.index();
    return new QueryPlanner.OutColumn(name, new CompiledExpr(slot.type(), row -> row[index], text), false, text);
  }

  private static void addAll(List<Projected> out, Input in, Scope scope) {
    for (Serde.Column c : in.schema().rowColumns()) {
      String text = SourceSchema.quote(in.qualifier()) + "." + SourceSchema.quote(c.name());
      Scope.Slot slot = scope.resolve(in.qualifier() + "." + c.name());
      out.add(new Projected(column(in.qualifier() + "_" + c.name(), slot, text), in.qualifier(), c.name()));
    }
  }

  private static PrimaryExpressionContext primaryOf(ExpressionContext e) {
    if (!(e.booleanExpression() instanceof PredicatedContext p) || p.predicate() != null) return null;
    if (!(p.valueExpression() instanceof ValueExpressionDefaultContext d)) return null;
    return d.primaryExpression();
  }

  /** Marks the key column: the first projected join column (or the synthetic key), read from the join key itself. */
  private List<QueryPlanner.OutColumn> keyed(QueryContext q, SinkSpec sink, List<Projected> projection, List<String[]> candidates,
      boolean synthetic, String keyName, SqlType keyType, List<Input> inputs, String keyColumnText) {
    Projected key = null;
    // The first join column (left before right) the projection names is the key; the others stay values.
    if (synthetic) {
      for (Projected p : projection) if (p.qualifier() == null && keyName.equals(p.sourceColumn())) {
        key = p;
        break;
      }
    } else {
      for (String[] c : candidates) {
        for (Projected p : projection) if (matchesCandidate(c, p, inputs)) {
          key = p;
          break;
        }
        if (key != null) break;
      }
    }
    for (Projected p : projection) {
      if (p == key || key == null) continue;
      if (sameColumn(key, p, inputs)) {
        throw SqlErrors.at(q, "The projection contains a key column (`" + key.column().name() + "`) more than once, aliased as: "
            + String.join(" and ", java.util.stream.Stream.of(key.column().name(), p.column().name()).sorted().toList()) + ".");
      }
    }
    if (key == null && sink.existing() == null) {
      if (keyColumnText != null) {
        Input left = inputs.get(0);
        throw SqlErrors.at(q, "Primary key column missing in projection. For foreign-key table-table joins, the projection must include "
            + "all primary key columns from the left input table (`" + left.schema().name() + "`). Missing column: `"
            + left.schema().keyColumns().get(0).name() + "`.");
      }
      if (synthetic) {
        throw SqlErrors.at(q, "Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS.\nThe query used to build `"
            + sink.name() + "` must include the join expression " + keyName + " in its projection (eg, SELECT " + keyName + "...).\n"
            + keyName + " was added as a synthetic key column because the join criteria did not match any source column. "
            + "This expression must be included in the projection and may be aliased.");
      }
      List<String> texts = new ArrayList<>();
      for (String[] c : candidates) {
        String t = c[0] + "." + c[1];
        if (!texts.contains(t)) texts.add(t);
      }
      throw SqlErrors.at(q, "Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS.\nThe query used to build `"
          + sink.name() + "` must include the join expression" + (texts.size() > 1 ? "s " : " ")
          + (texts.size() > 1 ? String.join(", ", texts.subList(0, texts.size() - 1)) + " or " + texts.get(texts.size() - 1) : texts.get(0))
          + " in its projection (eg, SELECT " + texts.get(0) + "...).");
    }
    List<QueryPlanner.OutColumn> out = new ArrayList<>();
    // The key reads the join key itself (for an unmatched row it still holds the value the row joined on),
    // or for a foreign-key join the left table's key.
    String keyText = keyColumnText != null ? keyColumnText : SourceSchema.quote(keyName);
    if (key != null) {
      // The key is the join key itself: for an unmatched row it still holds the value the row joined on.
      out.add(new QueryPlanner.OutColumn(key.column().name(), new CompiledExpr(key.column().expr().type(), key.column().expr().eval(),
          keyText), true, keyText));
    }
    for (Projected p : projection) if (p != key) out.add(p.column());
    if (out.stream().noneMatch(c -> !c.key())) throw SqlErrors.at(q, "The projection contains no value columns.");
    return out;
  }

  /** PARTITION BY over a join: the result is keyed by the partitioning expressions, which the projection must name. */
  private List<QueryPlanner.OutColumn> partitioned(QueryContext q, SinkSpec sink, List<Projected> projection, Scope scope) {
    boolean star = q.selectItem().stream().anyMatch(i -> i instanceof SelectAllContext || i instanceof SelectAllOfContext);
    List<QueryPlanner.OutColumn> keys = new ArrayList<>();
    List<Projected> used = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (ValueExpressionContext e : q.partitionBy().valueExpression()) {
      CompiledExpr pe = QueryPlanner.inClause("PARTITION BY", () -> compiler.compileValue(e, scope));
      String text = normalized(pe.text());
      Projected match = null;
      for (Projected p : projection) {
        if (!used.contains(p) && normalized(p.column().expr().text()).equals(text)) {
          match = p;
          break;
        }
      }
      if (match != null) {
        used.add(match);
        keys.add(match.column().asKey());
      } else if (star) {
        String name = columnOf(e) != null && e instanceof ValueExpressionDefaultContext d
            && d.primaryExpression() instanceof QualifiedColumnReferenceContext qc
            ? SourceStatements.identifier(qc.identifier(0)) + "_" + columnOf(e) : "KSQL_COL_" + keys.size();
        keys.add(new QueryPlanner.OutColumn(name, pe, true, SqlErrors.text(e)));
      } else {
        missing.add(upper(pe.text()));
      }
    }
    if (!missing.isEmpty()) {
      throw SqlErrors.at(q.partitionBy(), "The query used to build `" + sink.name() + "` must include the partitioning expression"
          + (missing.size() > 1 ? "s " : " ") + QueryPlanner.joinNames(missing) + " in its projection (eg, SELECT "
          + String.join(", ", missing) + "...).");
    }
    List<QueryPlanner.OutColumn> out = new ArrayList<>(keys);
    for (Projected p : projection) if (!used.contains(p)) out.add(p.column());
    if (out.size() == keys.size()) throw SqlErrors.at(q, "The projection contains no value columns.");
    return out;
  }

  private static String normalized(String text) {
    return upper(text.replaceAll("\\s+", "").replace("`", ""));
  }

  private static boolean matchesCandidate(String[] candidate, Projected p, List<Input> inputs) {
    if (p.sourceColumn() == null || p.qualifier() == null) return false;
    if (!candidate[1].equals(p.sourceColumn())) return false;
    return sameSource(candidate[0], p.qualifier(), inputs);
  }

  private static boolean sameSource(String a, String b, List<Input> inputs) {
    if (a.equals(b)) return true;
    for (Input in : inputs) {
      Set<String> names = new HashSet<>(List.of(in.qualifier(), in.schema().name()));
      if (names.contains(a) && names.contains(b)) return true;
    }
    return false;
  }

  private static boolean sameColumn(Projected a, Projected b, List<Input> inputs) {
    if (a.qualifier() == null || b.qualifier() == null) return a.qualifier() == null && b.qualifier() == null
        && java.util.Objects.equals(a.sourceColumn(), b.sourceColumn());
    return a.sourceColumn().equals(b.sourceColumn()) && sameSource(a.qualifier(), b.qualifier(), inputs);
  }


  /** Registers the sources' qualifiers and unique column names for resolving ON expressions. */
  void prepare(List<Input> inputs) {
    inputsNames = inputs.stream().map(i -> i.schema().name()).toList();
    sourceOfQualifier.clear();
    sourceOfColumn.clear();
    qualifierOfSource.clear();
    Map<String, Integer> count = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      sourceOfQualifier.put(in.qualifier(), i);
      sourceOfQualifier.putIfAbsent(in.schema().name(), i);
      qualifierOfSource.put(i, in.qualifier());
      List<String> names = new ArrayList<>();
      for (Serde.Column c : in.schema().rowColumns()) names.add(c.name());
      names.addAll(List.of("ROWTIME", "ROWPARTITION", "ROWOFFSET"));
      for (String n : names) {
        count.merge(n, 1, Integer::sum);
        sourceOfColumn.putIfAbsent(n, i);
      }
    }
    count.forEach((n, c) -> {
      if (c > 1) sourceOfColumn.remove(n);
    });
  }
}

package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser.*;
import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.ExpressionCompiler;
import io.streamsql.core.sql.expr.Scope;
import io.streamsql.core.sql.expr.SqlErrors;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.core.sql.serde.SerdeFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plans a stateless SELECT (projection, WHERE, PARTITION BY, functions) over one source into a
 * sink schema and a compiled {@link QueryProcessor}; GROUP BY goes to {@link AggregationPlanner}
 * and a SELECT with JOINs to {@link JoinPlanner} ({@link #planJoin}).
 */
public final class QueryPlanner {
  private final ExpressionCompiler compiler;
  private final StatefulClauses stateful;
  private final io.streamsql.core.sql.fn.AggregateRegistry aggregates;

  public QueryPlanner(FunctionRegistry functions) {
    this(functions, io.streamsql.core.sql.fn.AggregateRegistry.standard());
  }

  public QueryPlanner(FunctionRegistry functions, io.streamsql.core.sql.fn.AggregateRegistry aggregates) {
    this.compiler = new ExpressionCompiler(functions);
    this.stateful = new StatefulClauses(functions);
    this.aggregates = aggregates;
  }

  /**
   * A projected column: its output name, its expression, and whether it is a key column of the sink.
   * {@code nullOnTombstone} marks a PARTITION BY key that reads value columns: a record without a
   * value has none to read, so its new key is null (ksqlDB evaluates such a key on the value).
   */
  record OutColumn(String name, CompiledExpr expr, boolean key, TableFunction tableFunction, boolean nullOnTombstone, String source) {
    OutColumn(String name, CompiledExpr expr, boolean key, TableFunction tableFunction, String source) {
      this(name, expr, key, tableFunction, false, source);
    }

    OutColumn(String name, CompiledExpr expr, boolean key, String source) {
      this(name, expr, key, null, source);
    }

    OutColumn asKey() {
      return new OutColumn(name, expr, true, tableFunction, false, source);
    }

    OutColumn asPartitionKey(boolean readsValue) {
      return new OutColumn(name, expr, true, tableFunction, readsValue, source);
    }
  }

  /**
   * The row a query's expressions see: source key, value and header columns, then ROWTIME,
   * ROWPARTITION, ROWOFFSET, then one slot for the record's RowErrors (see StatelessProcessor);
   * a windowed source adds WINDOWSTART and WINDOWEND (BIGINT, the bounds of the record's window)
   * after that slot.
   */
  public static Scope rowScope(SourceSchema source, String alias) {
    int k = source.keyColumns().size();
    // Header columns follow the value columns in the row; counted with them for the pseudo-columns' slots.
    int v = source.valueColumns().size() + source.headerColumns().size();
    Map<String, Scope.Slot> slots = new LinkedHashMap<>();
    List<Serde.Column> all = source.rowColumns();
    for (int i = 0; i < all.size(); i++) slots.put(all.get(i).name(), new Scope.Slot(i, all.get(i).type()));
    slots.put("ROWTIME", new Scope.Slot(k + v, SqlTypes.BIGINT));
    slots.put("ROWPARTITION", new Scope.Slot(k + v + 1, SqlTypes.INT));
    slots.put("ROWOFFSET", new Scope.Slot(k + v + 2, SqlTypes.BIGINT));
    int width = k + v + 4;
    if (source.isWindowed()) {
      slots.put("WINDOWSTART", new Scope.Slot(width, SqlTypes.BIGINT));
      slots.put("WINDOWEND", new Scope.Slot(width + 1, SqlTypes.BIGINT));
      width += 2;
    }
    List<String> qualifiers = alias == null ? List.of(source.name()) : List.of(source.name(), alias);
    return Scope.ofRow(slots, qualifiers, width, k + v + 3);
  }

  /** A source of a join: its schema, the alias FROM gives it (or null), and the log it is read from. */
  public record JoinSource(SourceSchema schema, String alias, String log) {}

  /** Plans a SELECT with JOINs over its sources, in FROM order. */
  public PlannedQuery planJoin(QueryContext q, List<JoinSource> sources, SinkSpec sink, ProcessingLog log) {
    stateful.check(q, sources.get(0).schema(), sink);
    List<JoinPlanner.Input> inputs = sources.stream().map(s -> new JoinPlanner.Input(s.schema(), s.alias(), s.log())).toList();
    return new JoinPlanner(compiler).plan(q, inputs, sink, log);
  }

  public PlannedQuery plan(QueryContext q, SourceSchema source, SinkSpec sink, ProcessingLog log) {
    stateful.check(q, source, sink);
    // ksqlDB's PushQueryValidator: a windowed table's changelog cannot feed a persistent query.
    if (source.isTable() && source.isWindowed()) throw SqlErrors.at(q, "KSQL does not support persistent queries on windowed tables.");
    if (stateful.aggregates(q, aggregates)) return new AggregationPlanner(compiler, aggregates).plan(q, source, sink, log);
    String alias = q.relation().aliasedRelation().identifier() == null ? null
        : SourceStatements.identifier(q.relation().aliasedRelation().identifier());
    Scope scope = rowScope(source, alias);

    CompiledExpr filter = null;
    if (q.where != null) {
      filter = inClause("WHERE", () -> compiler.compile(q.where, scope));
      if (!SqlTypes.isBase(filter.type(), SqlType.Base.BOOLEAN)) {
        throw SqlErrors.at(q.where, "Type error in WHERE expression: Should evaluate to boolean but is "
            + io.streamsql.core.sql.expr.KsqlText.of(q.where) + " ("
            + filter.type().sql() + ") instead.");
      }
    }
    List<OutColumn> projection = project(q, source, scope);
    List<OutColumn> columns = keyed(q, source, sink, projection, scope);
    if (source.isWindowed() && q.partitionBy() != null && !partitionsBySourceKey(q.partitionBy().valueExpression(), source, scope)) {
      throw SqlErrors.at(q.partitionBy(), "Implicit repartitioning of windowed sources is not supported. "
          + "See https://github.com/confluentinc/ksql/issues/4385.");
    }
    SourceSchema sinkSchema = sinkSchema(source, sink, columns, q);
    List<QueryPlan.Column> planned = columns.stream()
        .map(c -> new QueryPlan.Column(c.name(), c.source(), c.key(), c.nullOnTombstone())).toList();
    QueryPlan plan = new QueryPlan(QueryPlan.CURRENT_VERSION, source.toDdl(), alias, sinkSchema.toDdl(),
        q.where == null ? null : SqlErrors.text(q.where), planned, q.partitionBy() == null);
    // The operators come from the plan, exactly as a restart rebuilds them: what is stored is what runs.
    return new PlanCompiler(compiler.functions()).compile(plan, log);
  }

  /** Whether PARTITION BY names exactly the source's key columns, in order: the key, and so the window, stays as it is. */
  private static boolean partitionsBySourceKey(List<ValueExpressionContext> exprs, SourceSchema source, Scope scope) {
    if (exprs.size() != source.keyColumns().size()) return false;
    for (int i = 0; i < exprs.size(); i++) {
      String ref = columnRefName(exprs.get(i));
      if (ref == null || !ref.equals(source.keyColumns().get(i).name())) return false;
    }
    return true;
  }

  /** ksqlDB names the clause of an unknown column: "WHERE column 'X' cannot be resolved." */
  static CompiledExpr inClause(String clause, java.util.function.Supplier<CompiledExpr> compile) {
    try {
      return compile.get();
    } catch (io.streamsql.core.error.StreamSqlException e) {
      if (e.getMessage().startsWith("Column '")) {
        throw new io.streamsql.core.error.StreamSqlException(e.code(), clause + " column" + e.getMessage().substring("Column".length()),
            e.details());
      }
      if (clause.equals("WHERE") && (e.getMessage().startsWith("Cannot compare") || e.getMessage().startsWith("Error processing"))) {
        throw new io.streamsql.core.error.StreamSqlException(e.code(), "Error in WHERE expression: " + e.getMessage(), e.details());
      }
      throw e;
    }
  }

  private List<OutColumn> project(QueryContext q, SourceSchema source, Scope scope) {
    List<OutColumn> out = new ArrayList<>();
    int generated = 0;
    // Generated names skip the names of source columns and of aliases, as ksqlDB's do.
    Set<String> taken = new HashSet<>();
    for (Serde.Column c : source.rowColumns()) taken.add(c.name());
    for (SelectItemContext item : q.selectItem()) {
      if (item instanceof SelectSingleContext s && s.identifier() != null) taken.add(SourceStatements.identifier(s.identifier()));
    }
    for (SelectItemContext item : q.selectItem()) {
      if (item instanceof SelectAllOfContext of && !scope.isQualifier(SourceStatements.identifier(of.identifier()))) {
        throw SqlErrors.at(of, "'" + SourceStatements.identifier(of.identifier()) + "' is not a valid stream/table name or alias.");
      }
      if (item instanceof SelectAllContext || item instanceof SelectAllOfContext) {
        for (Serde.Column c : source.rowColumns()) {
          Scope.Slot slot = scope.resolve(c.name());
          int index = slot.index();
          out.add(new OutColumn(c.name(), new CompiledExpr(c.type(), row -> row[index], c.name()), false, SourceSchema.quote(c.name())));
        }
      } else if (item instanceof SelectStructAllContext s) {
        CompiledExpr base = compiler.compilePrimary(s.primaryExpression(), scope);
        if (!(base.type() instanceof SqlType.Struct st)) throw SqlErrors.at(s, "Expected STRUCT for " + base.text() + "->*");
        for (SqlType.Field f : st.fields()) {
          var be = base.eval();
          String field = f.name();
          out.add(new OutColumn(field, new CompiledExpr(f.type(), row -> {
            Object m = be.eval(row);
            return m == null ? null : ((Map<?, ?>) m).get(field);
          }, base.text() + "->" + field), false, SqlErrors.text(s.primaryExpression()) + "->" + SourceSchema.quote(field)));
        }
      } else {
        SelectSingleContext single = (SelectSingleContext) item;
        TableFunction tf = TableFunction.of(single.expression(), compiler.functions());
        CompiledExpr e;
        if (tf != null) {
          if (source.isTable()) throw SqlErrors.at(single, "Table source is not supported with table functions");
          e = tf.compile(compiler, single.expression(), scope);
        } else {
          e = inClause("SELECT", () -> compiler.compile(single.expression(), scope));
        }
        String name;
        if (single.identifier() != null) {
          name = SourceStatements.identifier(single.identifier());
          if (SourceSchema.PSEUDO_COLUMNS.contains(name) || name.equals("WINDOWSTART") || name.equals("WINDOWEND")) {
            throw SqlErrors.at(single, "`" + name + "` is a reserved column name. You cannot use it as an alias for a column.");
          }
        } else {
          name = implicitName(single.expression());
          if (name != null && (SourceSchema.PSEUDO_COLUMNS.contains(name) || name.equals("WINDOWSTART") || name.equals("WINDOWEND"))) {
            throw SqlErrors.at(single, "Reserved column name in select: `" + name + "`. Please remove or alias the column.");
          }
          if (name == null) {
            do {
              name = "KSQL_COL_" + generated++;
            } while (taken.contains(name));
          }
        }
        if (SqlTypes.isNull(e.type())) {
          throw SqlErrors.at(single, "Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).");
        }
        out.add(new OutColumn(name, e, false, tf, SqlErrors.text(single.expression())));
      }
    }
    Set<String> names = new HashSet<>();
    for (OutColumn c : out) {
      if (!names.add(c.name())) throw SqlErrors.at(q, "Duplicate column names: " + c.name());
    }
    return out;
  }

  /** Whether an expression refers to anything but the source's key columns (value columns, pseudo-columns). */
  private static boolean readsValue(org.antlr.v4.runtime.tree.ParseTree tree, SourceSchema source) {
    String column = null;
    if (tree instanceof ColumnReferenceContext c) column = SourceStatements.identifier(c.identifier());
    if (tree instanceof QualifiedColumnReferenceContext qc) column = SourceStatements.identifier(qc.identifier(1));
    if (column != null) {
      String name = column;
      return source.keyColumns().stream().noneMatch(k -> k.name().equals(name));
    }
    for (int i = 0; i < tree.getChildCount(); i++) if (readsValue(tree.getChild(i), source)) return true;
    return false;
  }

  /** The column an expression names when it is a bare (possibly qualified) column reference, else null. */
  private static String columnRefName(ValueExpressionContext e) {
    if (!(e instanceof ValueExpressionDefaultContext d)) return null;
    if (d.primaryExpression() instanceof ColumnReferenceContext c) return SourceStatements.identifier(c.identifier());
    if (d.primaryExpression() instanceof QualifiedColumnReferenceContext qc) return SourceStatements.identifier(qc.identifier(1));
    return null;
  }

  /** ksqlDB names a bare column after itself and a struct dereference after its last field. */
  static String implicitName(ExpressionContext e) {
    if (!(e.booleanExpression() instanceof PredicatedContext p) || p.predicate() != null) return null;
    return implicitName(p.valueExpression());
  }

  private static String implicitName(ValueExpressionContext e) {
    if (!(e instanceof ValueExpressionDefaultContext d)) return null;
    PrimaryExpressionContext primary = d.primaryExpression();
    if (primary instanceof ColumnReferenceContext c) return SourceStatements.identifier(c.identifier());
    if (primary instanceof QualifiedColumnReferenceContext qc) return SourceStatements.identifier(qc.identifier(1));
    if (primary instanceof DereferenceContext deref) return SourceStatements.identifier(deref.fieldName);
    return null;
  }

  /** Marks the sink's key columns, with ksqlDB's rules for keys in the projection and PARTITION BY. */
  private List<OutColumn> keyed(QueryContext q, SourceSchema source, SinkSpec sink, List<OutColumn> projection, Scope scope) {
    List<OutColumn> keys = new ArrayList<>();
    List<OutColumn> values = new ArrayList<>();
    if (q.partitionBy() != null) {
      if (source.isTable()) throw SqlErrors.at(q.partitionBy(), "ksqlDB does not support PARTITION BY on a table: use GROUP BY instead.");
      List<ValueExpressionContext> exprs = q.partitionBy().valueExpression();
      if (exprs.isEmpty()) throw SqlErrors.at(q.partitionBy(), "PARTITION BY requires at least one expression");
      boolean byNull = exprs.size() == 1 && exprs.get(0).getText().equalsIgnoreCase("NULL");
      if (exprs.size() > 1 && exprs.stream().anyMatch(e -> e.getText().equalsIgnoreCase("NULL"))) {
        throw SqlErrors.at(q.partitionBy(), "Cannot PARTITION BY multiple columns including NULL");
      }
      boolean star = q.selectItem().stream().anyMatch(i -> i instanceof SelectAllContext || i instanceof SelectAllOfContext);
      Set<OutColumn> used = new HashSet<>();
      if (!byNull) {
        List<String> missing = new ArrayList<>(); // the texts of partitioning expressions the projection lacks
        int generated = (int) projection.stream().filter(c -> c.name().startsWith("KSQL_COL_")).count();
        for (ValueExpressionContext e : exprs) {
          CompiledExpr pe;
          try {
            pe = inClause("PARTITION BY", () -> compiler.compileValue(e, scope));
          } catch (io.streamsql.core.error.StreamSqlException unresolved) {
            var m = java.util.regex.Pattern.compile("^PARTITION BY column '([^']*)' cannot be resolved\\.$").matcher(unresolved.getMessage());
            if (!m.find()) throw unresolved;
            throw SqlErrors.at(e, unresolved.getMessage() + " '" + m.group(1) + "' must be a column in the source schema since "
                + "PARTITION BY is applied on the input.");
          }
          String norm = matchText(pe.text(), scope);
          OutColumn match = null;
          String refName = columnRefName(e);
          for (OutColumn c : projection) {
            boolean sameText = matchText(c.expr().text(), scope).equals(norm);
            // A star column is the source column itself: it matches a reference to that column however quoted.
            boolean sameColumn = refName != null && c.name().equals(refName) && c.expr().text().equals(c.name());
            if (!used.contains(c) && (sameText || sameColumn)) {
              match = c;
              break;
            }
          }
          if (match == null && star) {
            String name = implicitName(e);
            if (name != null && SourceSchema.PSEUDO_COLUMNS.contains(name)) name = null;
            if (name == null) name = "KSQL_COL_" + generated++;
            match = new OutColumn(name, pe, false, SqlErrors.text(e));
          } else if (match == null) {
            missing.add(pe.text());
            continue;
          }
          for (OutColumn c : projection) {
            if (c != match && !used.contains(c) && matchText(c.expr().text(), scope).equals(norm)
                && !star) {
              throw SqlErrors.at(q, "The projection contains a key column (`" + match.name() + "`) more than once, aliased as: "
                  + String.join(" and ", java.util.stream.Stream.of(match.name(), c.name()).sorted().toList()) + ".");
            }
          }
          used.add(match);
          keys.add(match.asPartitionKey(readsValue(e, source)));
        }
        if (!missing.isEmpty()) {
          // ksqlDB names every partitioning expression, as its analyzer qualified them, when any is missing.
          String qualifier = q.relation().aliasedRelation().identifier() != null
              ? SourceStatements.identifier(q.relation().aliasedRelation().identifier()) : source.name();
          Set<String> columns = new HashSet<>();
          for (Serde.Column c : source.rowColumns()) columns.add(c.name());
          List<String> all = exprs.stream().map(e -> QualifiedText.of(e, qualifier, columns)).toList();
          throw SqlErrors.at(q.partitionBy(), "The query used to build `" + sink.name() + "` must include the partitioning expression"
              + (all.size() > 1 ? "s " : " ") + joinNames(all) + " in its projection (eg, SELECT " + String.join(", ", all) + "...).");
        }
      }
      List<OutColumn> movedKeys = new ArrayList<>();
      Set<String> sourceKeyNames = new HashSet<>();
      for (Serde.Column k : source.keyColumns()) sourceKeyNames.add(k.name());
      for (OutColumn c : projection) {
        if (used.contains(c)) continue;
        // With SELECT *, the old key columns follow the value columns, as in ksqlDB.
        if (star && sourceKeyNames.contains(c.name()) && c.expr().text().equals(c.name())) movedKeys.add(c);
        else values.add(c);
      }
      values.addAll(movedKeys);
    } else {
      Set<String> sourceKeys = new HashSet<>();
      for (Serde.Column c : source.keyColumns()) sourceKeys.add(c.name());
      Set<String> found = new HashSet<>();
      for (OutColumn c : projection) {
        String ref = keyReference(c, source, scope);
        if (ref != null && sourceKeys.contains(ref)) {
          if (!found.add(ref)) {
            throw SqlErrors.at(q, "The projection contains a key column (`" + ref + "`) more than once, aliased as: "
                + String.join(" and ", projection.stream().filter(x -> ref.equals(keyReference(x, source, scope))).map(OutColumn::name).sorted().toList()) + ".");
          }
          keys.add(c.asKey());
        } else {
          values.add(c);
        }
      }
      boolean anyMissing = source.keyColumns().stream().anyMatch(c -> !found.contains(c.name()));
      List<String> missing = source.keyColumns().stream().map(Serde.Column::name).toList();
      // ksqlDB's new query planner lets a stream's projection leave out every key column: the sink is keyless.
      boolean keylessAllowed = found.isEmpty() && !source.isTable() && newQueryPlanner(sink.session())
          // A push or pull query writes no sink: it may project any columns.
          || isTransient(sink.session());
      if (anyMissing && sink.existing() == null && !keylessAllowed) {
        throw SqlErrors.at(q, "Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS.\nThe query used to build `"
            + sink.name() + "` must include the key column" + (missing.size() > 1 ? "s " : " ") + joinNames(missing)
            + " in its projection (eg, SELECT " + String.join(", ", missing) + "...).");
      }
    }
    if (values.isEmpty()) throw SqlErrors.at(q, "The projection contains no value columns.");
    List<OutColumn> out = new ArrayList<>(keys);
    out.addAll(values);
    return out;
  }

  /** Set in a SinkSpec's session by push and pull queries, whose rows go to a client rather than a sink. */
  public static final String TRANSIENT_QUERY = "streamsql.transient.query";

  static boolean isTransient(Map<String, Object> session) {
    return Boolean.parseBoolean(String.valueOf(session.getOrDefault(TRANSIENT_QUERY, "false")));
  }

  static boolean newQueryPlanner(Map<String, Object> session) {
    return Boolean.parseBoolean(String.valueOf(session.getOrDefault("ksql.new.query.planner.enabled", "false")).trim());
  }

  static String joinNames(List<String> names) {
    if (names.size() == 1) return names.get(0);
    return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }

  /** The source column a projected column refers to unchanged, or null when it is computed. */
  private static String keyReference(OutColumn c, SourceSchema source, Scope scope) {
    String t = normalize(c.expr().text());
    t = stripQualifier(t, scope);
    if (t.startsWith("`") && t.endsWith("`")) t = t.substring(1, t.length() - 1);
    for (Serde.Column k : source.keyColumns()) {
      if (k.name().equals(t) || k.name().equalsIgnoreCase(t) && k.name().equals(k.name().toUpperCase(Locale.ROOT))) return k.name();
    }
    return null;
  }

  /** The text without a leading source name or alias ({@code INPUT.ID} → {@code ID}). */
  private static String stripQualifier(String text, Scope scope) {
    int dot = text.indexOf('.');
    if (dot <= 0) return text;
    String prefix = text.substring(0, dot);
    return scope.isQualifier(prefix) || scope.isQualifier(prefix.toUpperCase(Locale.ROOT)) ? text.substring(dot + 1) : text;
  }

  /** Expression text as PARTITION BY matches it against the projection: no spaces, no qualifier, any case. */
  private static String matchText(String text, Scope scope) {
    return stripQualifier(normalize(text), scope).toUpperCase(Locale.ROOT);
  }

  private static String normalize(String text) {
    return text.replaceAll("\\s+", "");
  }

  static SourceSchema sinkSchema(SourceSchema source, SinkSpec sink, List<OutColumn> columns, QueryContext q) {
    List<Serde.Column> keys = new ArrayList<>();
    List<Serde.Column> values = new ArrayList<>();
    for (OutColumn c : columns) (c.key() ? keys : values).add(new Serde.Column(c.name(), c.expr().type()));
    if (sink.existing() != null) {
      SourceSchema target = sink.existing();
      if (!java.util.Objects.equals(target.window(), keys.isEmpty() ? null : source.window())) {
        throw SqlErrors.at(q, "Incompatible key formats. `" + target.name() + "` is " + windowText(target.window()) + " while the result is "
            + windowText(keys.isEmpty() ? null : source.window()) + ".");
      }
      if (!target.headerColumns().isEmpty()) {
        throw SqlErrors.at(q, "Cannot insert into " + target.name() + " because it has header columns");
      }
      if (!target.keyColumns().equals(keys) || !target.valueColumns().equals(values)) {
        throw SqlErrors.at(q, "Incompatible schema between results and sink.\nResult schema is " + describe(keys, values, target.isTable())
            + "\nSink schema is " + target.schemaText());
      }
      return target;
    }
    SourceSchemas.checkProperties(sink.properties());
    Map<String, Object> p = sink.properties();
    SourceSchemas.Formats f = SourceSchemas.formats(p, false);
    SerdeFormat keyFormat = f.key() != null ? f.key() : source.keyFormat() == null || source.keyFormat() == SerdeFormat.NONE
        ? SerdeFormat.KAFKA : source.keyFormat();
    if (keys.isEmpty() && f.key() != null && f.key() != SerdeFormat.NONE) {
      throw SqlErrors.at(q, "Key format specified for stream without key columns.");
    }
    if (keys.isEmpty()) keyFormat = SerdeFormat.NONE;
    for (Serde.Column k : keys) {
      if (k.type().sql().contains("MAP<")) {
        throw SqlErrors.at(q, "Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to "
            + "inconsistent serialization. Key column name: `" + k.name() + "`. Column type: " + k.type().sql()
            + ". See https://github.com/confluentinc/ksql/issues/6621 for more.");
      }
    }
    SerdeFormat valueFormat = f.value() != null ? f.value() : source.valueFormat();
    boolean wrap = SourceSchemas.wrapSingle(p, valueFormat, values.size(), sink.session());
    String ts = TimestampColumns.name(p.get("TIMESTAMP"));
    String tsFormat = p.get("TIMESTAMP_FORMAT") == null ? null : p.get("TIMESTAMP_FORMAT").toString();
    TimestampColumns.validate(ts, tsFormat, keys, values);
    String topic = sinkTopic(sink);
    int partitions = SourceSchemas.partitions(p);
    SourceSchema schema = new SourceSchema(sink.name(), sink.kind(), topic, keys, values, keyFormat, valueFormat, wrap,
        p.containsKey("VALUE_DELIMITER") ? SourceSchemas.delimiter(p.get("VALUE_DELIMITER")) : ',',
        p.containsKey("KEY_DELIMITER") ? SourceSchemas.delimiter(p.get("KEY_DELIMITER")) : ',',
        ts, tsFormat, partitions == 0 ? source.partitions() : partitions);
    // The sink of a windowed source is keyed by the same windows (PARTITION BY that would change the key is refused).
    if (source.isWindowed() && !keys.isEmpty()) schema = schema.withWindow(source.window());
    SourceSchemas.validateFormats(schema);
    return schema;
  }

  /** KAFKA_TOPIC, else the sink's name after the session's {@code ksql.output.topic.name.prefix}, as ksqlDB names it. */
  private static String sinkTopic(SinkSpec sink) {
    Object topic = sink.properties().get("KAFKA_TOPIC");
    if (topic != null) return topic.toString();
    Object prefix = sink.session().get("ksql.output.topic.name.prefix");
    return (prefix == null ? "" : prefix.toString()) + sink.name();
  }

  private static String windowText(SourceWindow w) {
    return w == null ? "not windowed" : "windowed (" + w.type() + (w.type() == SourceWindow.Type.SESSION ? "" : ", " + w.sizeMillis() + " ms") + ")";
  }

  private static String describe(List<Serde.Column> keys, List<Serde.Column> values, boolean table) {
    List<String> parts = new ArrayList<>();
    for (Serde.Column c : keys) parts.add("`" + c.name() + "` " + c.type().sql() + (table ? " PRIMARY KEY" : " KEY"));
    for (Serde.Column c : values) parts.add("`" + c.name() + "` " + c.type().sql());
    return String.join(", ", parts);
  }
}

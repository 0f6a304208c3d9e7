package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser.*;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ARRAY[…]}, {@code MAP(k := v, …)} and {@code STRUCT(name := v, …)}. */
final class Constructors {
  private Constructors() {}

  static CompiledExpr array(ExpressionCompiler c, ArrayConstructorContext ctx, Scope scope, String text) {
    List<CompiledExpr> items = new ArrayList<>();
    for (ExpressionContext e : ctx.expression()) items.add(c.compile(e, scope));
    if (items.isEmpty()) {
      throw SqlErrors.at(ctx, "Array constructor cannot be empty. Please supply at least one element "
          + "(see https://github.com/confluentinc/ksql/issues/4239).");
    }
    SqlType element = SqlTypes.common(items.stream().map(CompiledExpr::type).toList());
    if (element == null) element = structUnion(items);
    if (element == null) element = coerceStrings(items);
    if (element == null) {
      throw SqlErrors.at(ctx, "invalid input syntax for type ARRAY: elements of " + text + " have no common type");
    }
    if (SqlTypes.isNull(element)) {
      throw SqlErrors.at(ctx, "Cannot construct an array with all NULL elements (see https://github.com/confluentinc/ksql/issues/4239). "
          + "As a workaround, you may cast a NULL value to the desired type.");
    }
    SqlType el = element;
    Eval[] evals = new Eval[items.size()];
    for (int i = 0; i < evals.length; i++) evals[i] = NullOnError.guard(castOrWiden(items.get(i), ctx.expression(i), el), "array item", scope);
    return new CompiledExpr(new SqlType.Array(element), row -> {
      List<Object> out = new ArrayList<>(evals.length);
      for (Eval e : evals) out.add(e.eval(row));
      return out;
    }, text);
  }

  /**
   * STRUCTs with different fields: ksqlDB's constructors take a STRUCT with every field of any of
   * them (in order of appearance; a field in several takes their common type), the others null.
   */
  private static SqlType structUnion(List<CompiledExpr> items) {
    java.util.Map<String, SqlType> fields = new LinkedHashMap<>();
    boolean any = false;
    for (CompiledExpr item : items) {
      if (SqlTypes.isNull(item.type())) continue;
      if (!(item.type() instanceof SqlType.Struct st)) return null;
      any = true;
      for (SqlType.Field f : st.fields()) {
        SqlType before = fields.get(f.name());
        SqlType merged = before == null ? f.type() : SqlTypes.common(List.of(before, f.type()));
        if (merged == null) return null;
        fields.put(f.name(), merged);
      }
    }
    if (!any) return null;
    return new SqlType.Struct(fields.entrySet().stream().map(e -> new SqlType.Field(e.getKey(), e.getValue())).toList());
  }

  /** Mixed string literals and another type: ksqlDB converts the strings to the other type. */
  private static SqlType coerceStrings(List<CompiledExpr> items) {
    List<SqlType> nonString = items.stream().map(CompiledExpr::type)
        .filter(t -> !SqlTypes.isBase(t, SqlType.Base.STRING)).toList();
    SqlType target = SqlTypes.common(nonString);
    if (target == null || SqlTypes.isNull(target)) return null;
    return target;
  }

  private static Eval castOrWiden(CompiledExpr e, ExpressionContext source, SqlType to) {
    if (SqlTypes.isBase(e.type(), SqlType.Base.STRING) && !SqlTypes.isBase(to, SqlType.Base.STRING)) {
      var conv = Casts.converter(e.type(), to);
      if (Literals.isLiteral(source)) return convertedLiteral(e, source, conv, to);
      Eval inner = e.eval();
      return row -> {
        Object v = inner.eval(row);
        return v == null ? null : conv.apply(v);
      };
    }
    return Coercions.widen(e, to);
  }

  /** A string literal among other types is converted once, when planned; text that is no such value is refused, as ksqlDB does. */
  private static Eval convertedLiteral(CompiledExpr e, ExpressionContext source, java.util.function.UnaryOperator<Object> conv, SqlType to) {
    Object raw = e.eval().eval(null);
    Object converted;
    try {
      converted = raw == null || conv == null ? null : conv.apply(raw);
    } catch (RuntimeException notAValue) {
      converted = null;
    }
    if (raw != null && converted == null) {
      String typeName = to instanceof SqlType.Decimal ? "DECIMAL" : to.sql();
      throw SqlErrors.at(source, "invalid input syntax for type " + typeName + ": \"" + raw + "\"");
    }
    Object value = converted;
    return row -> value;
  }

  static CompiledExpr map(ExpressionCompiler c, MapConstructorContext ctx, Scope scope, String text) {
    List<CompiledExpr> keys = new ArrayList<>();
    List<CompiledExpr> values = new ArrayList<>();
    List<ExpressionContext> es = ctx.expression();
    List<ExpressionContext> keySources = new ArrayList<>();
    List<ExpressionContext> valueSources = new ArrayList<>();
    for (int i = 0; i < es.size(); i += 2) {
      keys.add(c.compile(es.get(i), scope));
      values.add(c.compile(es.get(i + 1), scope));
      keySources.add(es.get(i));
      valueSources.add(es.get(i + 1));
    }
    SqlType k = SqlTypes.common(keys.stream().map(CompiledExpr::type).toList());
    SqlType v = SqlTypes.common(values.stream().map(CompiledExpr::type).toList());
    if (v == null) v = structUnion(values);
    if (v == null) v = coerceStrings(values);
    if (k == null || v == null) throw SqlErrors.at(ctx, "Map keys and values of " + text + " must each have one type");
    if (SqlTypes.isNull(k) || SqlTypes.isNull(v)) {
      throw SqlErrors.at(ctx, "Cannot construct a map with all NULL keys or values. As a workaround, you may cast a NULL value to the desired type.");
    }
    SqlType kt = k;
    SqlType vt = v;
    Eval[] ke = new Eval[keys.size()];
    Eval[] ve = new Eval[values.size()];
    for (int i = 0; i < ke.length; i++) {
      ke[i] = NullOnError.guard(castOrWiden(keys.get(i), keySources.get(i), kt), "map key", scope);
      ve[i] = NullOnError.guard(castOrWiden(values.get(i), valueSources.get(i), vt), "map value", scope);
    }
    return new CompiledExpr(new SqlType.Map(k, v), row -> {
      // A hash map sized as ksqlDB's MapBuilder sizes it, so MAP_KEYS, ENTRIES and REDUCE see its order.
      Map<Object, Object> out = new HashMap<>(ke.length);
      for (int i = 0; i < ke.length; i++) out.put(ke[i].eval(row), ve[i].eval(row));
      return out;
    }, text);
  }

  static CompiledExpr struct(ExpressionCompiler c, StructConstructorContext ctx, Scope scope, String text) {
    List<SqlType.Field> fields = new ArrayList<>();
    List<Eval> evals = new ArrayList<>();
    for (int i = 0; i < ctx.identifier().size(); i++) {
      String name = SourceStatements.identifier(ctx.identifier(i));
      if (fields.stream().anyMatch(f -> f.name().equals(name))) throw SqlErrors.at(ctx, "Duplicate field names found in STRUCT: " + text);
      CompiledExpr e = c.compile(ctx.expression(i), scope);
      SqlType t = SqlTypes.isNull(e.type()) ? SqlTypes.STRING : e.type();
      fields.add(new SqlType.Field(name, t));
      evals.add(NullOnError.guard(e.eval(), "struct field", scope));
    }
    String[] names = fields.stream().map(SqlType.Field::name).toArray(String[]::new);
    Eval[] es = evals.toArray(Eval[]::new);
    return new CompiledExpr(new SqlType.Struct(fields), row -> {
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < es.length; i++) out.put(names[i], es[i].eval(row));
      return out;
    }, text);
  }
}

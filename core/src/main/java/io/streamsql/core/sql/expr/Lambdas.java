package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SourceStatements;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.StreamSqlParser.*;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The higher-order functions TRANSFORM, FILTER and REDUCE. Lambda parameters are bound to slots
 * of the row array, so the body is compiled once like any other expression.
 */
final class Lambdas {
  private Lambdas() {}

  private record Lambda(List<String> params, ExpressionContext body, LambdaContext ctx) {}

  static CompiledExpr compile(ExpressionCompiler c, String name, FunctionCallContext f, Scope scope, String text) {
    List<CompiledExpr> args = new ArrayList<>();
    List<Lambda> lambdas = new ArrayList<>();
    for (FunctionArgumentContext a : f.functionArgument()) {
      if (a.lambda() == null) {
        if (!lambdas.isEmpty()) throw SqlErrors.at(a, "Lambda functions must be the last arguments of " + name);
        args.add(c.compile(a.expression(), scope));
      } else {
        List<String> params = a.lambda().identifier().stream().map(SourceStatements::identifier).toList();
        lambdas.add(new Lambda(params, a.lambda().expression(), a.lambda()));
      }
    }
    if (args.isEmpty()) throw SqlErrors.at(f, name + " needs a collection argument: " + text);
    CompiledExpr collection = args.get(0);
    SqlType type = collection.type();
    return switch (name) {
      case "TRANSFORM" -> type instanceof SqlType.Map m ? transformMap(c, m, collection, lambdas, scope, f, text)
          : transformArray(c, array(type, f, text), collection, one(lambdas, 1, f, text), scope, text);
      case "FILTER" -> type instanceof SqlType.Map m ? filterMap(c, m, collection, one(lambdas, 2, f, text), scope, text)
          : filterArray(c, array(type, f, text), collection, one(lambdas, 1, f, text), scope, text);
      case "REDUCE" -> reduce(c, collection, args, lambdas, scope, f, text);
      default -> throw SqlErrors.at(f, "Function '" + name + "' does not accept lambda arguments");
    };
  }

  private static SqlType.Array array(SqlType t, FunctionCallContext f, String text) {
    if (t instanceof SqlType.Array a) return a;
    throw SqlErrors.at(f, "Expected ARRAY or MAP as the first argument of " + text + ", got " + t.sql());
  }

  private static Lambda one(List<Lambda> lambdas, int arity, FunctionCallContext f, String text) {
    if (lambdas.size() != 1 || lambdas.get(0).params().size() != arity) {
      throw SqlErrors.at(f, "Expected a lambda with " + arity + " parameter(s) in " + text);
    }
    return lambdas.get(0);
  }

  private static CompiledExpr transformArray(ExpressionCompiler c, SqlType.Array t, CompiledExpr coll, Lambda l, Scope scope, String text) {
    Scope inner = scope.withLambda(l.params(), List.of(t.element()));
    int slot = inner.resolve(l.params().get(0)).index();
    CompiledExpr body = c.compile(l.body(), inner);
    Eval ce = coll.eval();
    Eval be = body.eval();
    return new CompiledExpr(new SqlType.Array(body.type()), row -> {
      List<?> in = (List<?>) ce.eval(row);
      if (in == null) return null;
      List<Object> out = new ArrayList<>(in.size());
      for (Object x : in) {
        row[slot] = x;
        out.add(be.eval(row));
      }
      return out;
    }, text);
  }

  private static CompiledExpr filterArray(ExpressionCompiler c, SqlType.Array t, CompiledExpr coll, Lambda l, Scope scope, String text) {
    Scope inner = scope.withLambda(l.params(), List.of(t.element()));
    int slot = inner.resolve(l.params().get(0)).index();
    CompiledExpr body = c.requireBoolean(c.compile(l.body(), inner), l.ctx());
    Eval ce = coll.eval();
    Eval be = body.eval();
    return new CompiledExpr(t, row -> {
      List<?> in = (List<?>) ce.eval(row);
      if (in == null) return null;
      List<Object> out = new ArrayList<>();
      for (Object x : in) {
        row[slot] = x;
        if (Boolean.TRUE.equals(be.eval(row))) out.add(x);
      }
      return out;
    }, text);
  }

  private static CompiledExpr transformMap(
      ExpressionCompiler c, SqlType.Map t, CompiledExpr coll, List<Lambda> lambdas, Scope scope, FunctionCallContext f, String text) {
    if (lambdas.size() != 2 || lambdas.get(0).params().size() != 2 || lambdas.get(1).params().size() != 2) {
      throw SqlErrors.at(f, "TRANSFORM of a map needs two lambdas (k, v) => key and (k, v) => value: " + text);
    }
    Scope ks = scope.withLambda(lambdas.get(0).params(), List.of(t.key(), t.value()));
    CompiledExpr keyBody = c.compile(lambdas.get(0).body(), ks);
    Scope vs = scope.withLambda(lambdas.get(1).params(), List.of(t.key(), t.value()));
    CompiledExpr valueBody = c.compile(lambdas.get(1).body(), vs);
    int k1 = ks.resolve(lambdas.get(0).params().get(0)).index();
    int v1 = ks.resolve(lambdas.get(0).params().get(1)).index();
    int k2 = vs.resolve(lambdas.get(1).params().get(0)).index();
    int v2 = vs.resolve(lambdas.get(1).params().get(1)).index();
    Eval ce = coll.eval();
    Eval ke = keyBody.eval();
    Eval ve = valueBody.eval();
    return new CompiledExpr(new SqlType.Map(keyBody.type(), valueBody.type()), row -> {
      Map<?, ?> in = (Map<?, ?>) ce.eval(row);
      if (in == null) return null;
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : in.entrySet()) {
        row[k1] = e.getKey();
        row[v1] = e.getValue();
        row[k2] = e.getKey();
        row[v2] = e.getValue();
        out.put(ke.eval(row), ve.eval(row));
      }
      return out;
    }, text);
  }

  private static CompiledExpr filterMap(ExpressionCompiler c, SqlType.Map t, CompiledExpr coll, Lambda l, Scope scope, String text) {
    Scope inner = scope.withLambda(l.params(), List.of(t.key(), t.value()));
    int k = inner.resolve(l.params().get(0)).index();
    int v = inner.resolve(l.params().get(1)).index();
    CompiledExpr body = c.requireBoolean(c.compile(l.body(), inner), l.ctx());
    Eval ce = coll.eval();
    Eval be = body.eval();
    return new CompiledExpr(t, row -> {
      Map<?, ?> in = (Map<?, ?>) ce.eval(row);
      if (in == null) return null;
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : in.entrySet()) {
        row[k] = e.getKey();
        row[v] = e.getValue();
        if (Boolean.TRUE.equals(be.eval(row))) out.put(e.getKey(), e.getValue());
      }
      return out;
    }, text);
  }

  private static CompiledExpr reduce(
      ExpressionCompiler c, CompiledExpr coll, List<CompiledExpr> args, List<Lambda> lambdas, Scope scope, FunctionCallContext f,
      String text) {
    if (args.size() != 2 || lambdas.size() != 1) throw SqlErrors.at(f, "REDUCE needs a collection, an initial state and a lambda: " + text);
    CompiledExpr init = args.get(1);
    SqlType state = SqlTypes.isNull(init.type()) ? SqlTypes.STRING : init.type();
    Lambda l = lambdas.get(0);
    Eval ce = coll.eval();
    Eval ie = init.eval();
    if (coll.type() instanceof SqlType.Map m) {
      if (l.params().size() != 3) throw SqlErrors.at(f, "REDUCE of a map needs a lambda (s, k, v) => …: " + text);
      Scope inner = scope.withLambda(l.params(), List.of(state, m.key(), m.value()));
      int s = inner.resolve(l.params().get(0)).index();
      int k = inner.resolve(l.params().get(1)).index();
      int v = inner.resolve(l.params().get(2)).index();
      CompiledExpr body = c.compile(l.body(), inner);
      Eval be = Coercions.widen(body, state);
      return new CompiledExpr(state, row -> {
        Object acc = ie.eval(row);
        // ksqlDB: a null initial state gives null, a null map gives the initial state.
        if (acc == null) return null;
        Map<?, ?> in = (Map<?, ?>) ce.eval(row);
        if (in == null) return acc;
        for (Map.Entry<?, ?> e : in.entrySet()) {
          row[s] = acc;
          row[k] = e.getKey();
          row[v] = e.getValue();
          acc = be.eval(row);
        }
        return acc;
      }, text);
    }
    SqlType.Array a = array(coll.type(), f, text);
    if (l.params().size() != 2) throw SqlErrors.at(f, "REDUCE of an array needs a lambda (s, x) => …: " + text);
    Scope inner = scope.withLambda(l.params(), List.of(state, a.element()));
    int s = inner.resolve(l.params().get(0)).index();
    int x = inner.resolve(l.params().get(1)).index();
    CompiledExpr body = c.compile(l.body(), inner);
    Eval be = Coercions.widen(body, state);
    return new CompiledExpr(state, row -> {
      Object acc = ie.eval(row);
      if (acc == null) return null;
      List<?> in = (List<?>) ce.eval(row);
      if (in == null) return acc;
      for (Object e : in) {
        row[s] = acc;
        row[x] = e;
        acc = be.eval(row);
      }
      return acc;
    }, text);
  }
}

package io.streamsql.core.sql.fn;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One overload of a function: parameter patterns, return pattern and the method behind it. */
public record FunctionSignature(
    String name, String description, List<TypePattern> params, boolean variadic, TypePattern returns,
    MethodHandle handle, Class<?> varargClass) {

  /** Argument types fixed by matching a call, with the cost of the implicit widenings it needs. */
  public record Match(FunctionSignature signature, List<SqlType> paramTypes, SqlType returnType, int cost) {}

  /** How this overload matches the argument types, or null if it does not. */
  Match match(List<SqlType> args) {
    int fixed = variadic ? params.size() - 1 : params.size();
    if (variadic ? args.size() < fixed : args.size() != fixed) return null;
    List<TypePattern> perArg = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) perArg.add(i < fixed ? params.get(i) : params.get(params.size() - 1));
    Map<String, List<SqlType>> seen = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      if (!perArg.get(i).collect(args.get(i), seen)) return null;
    }
    Map<String, SqlType> bindings = new HashMap<>();
    for (var e : seen.entrySet()) {
      SqlType common = SqlTypes.common(e.getValue());
      if (common == null) return null;
      bindings.put(e.getKey(), common);
    }
    List<SqlType> resolved = new ArrayList<>();
    int cost = 0;
    for (int i = 0; i < args.size(); i++) {
      SqlType p = perArg.get(i).resolve(bindings);
      if (p == null) p = SqlTypes.isNull(args.get(i)) ? SqlTypes.STRING : null;
      if (p == null || !SqlTypes.canWiden(args.get(i), p)) return null;
      if (!p.equals(args.get(i))) cost += SqlTypes.isNull(args.get(i)) ? 1 : 2;
      resolved.add(p);
    }
    SqlType ret = returns.resolve(bindings);
    if (ret == null) ret = SqlTypes.STRING;
    return new Match(this, resolved, ret, cost);
  }

  /** The SQL type pattern of parameter {@code i}, e.g. {@code ARRAY<T>}. */
  public String paramSql(int i) {
    return params.get(i).sql();
  }

  /** The SQL type pattern of the result. */
  public String returnSql() {
    return returns.sql();
  }

  public String sql() {
    List<String> ps = params.stream().map(TypePattern::sql).collect(Collectors.toList());
    if (variadic && !ps.isEmpty()) ps.set(ps.size() - 1, ps.get(ps.size() - 1) + "...");
    return name + "(" + String.join(", ", ps) + ") -> " + returns.sql();
  }
}

package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.fn.FunctionSignature;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.List;

/** Calls of registered functions: arguments widened to the matched signature, then one method-handle call. */
final class FunctionCalls {
  private FunctionCalls() {}

  static Eval invoker(FunctionSignature.Match match, List<CompiledExpr> args) {
    FunctionSignature sig = match.signature();
    Eval[] evals = new Eval[args.size()];
    for (int i = 0; i < args.size(); i++) evals[i] = Coercions.widen(args.get(i), match.paramTypes().get(i));
    MethodHandle handle = sig.handle();
    int fixed = sig.variadic() ? sig.params().size() - 1 : sig.params().size();
    Class<?> varargType = sig.varargClass() == null ? null : sig.varargClass().getComponentType();
    int arity = sig.params().size();
    return row -> {
      Object[] values = new Object[arity];
      for (int i = 0; i < fixed; i++) values[i] = evals[i].eval(row);
      if (varargType != null) {
        Object rest = Array.newInstance(varargType, evals.length - fixed);
        for (int i = fixed; i < evals.length; i++) Array.set(rest, i - fixed, evals[i].eval(row));
        values[arity - 1] = rest;
      }
      try {
        return (Object) handle.invokeExact(values);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    };
  }
}

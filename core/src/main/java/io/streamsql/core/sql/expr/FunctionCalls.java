package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.fn.FunctionSignature;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.List;

/** Calls of registered functions: arguments widened to the matched signature, then one method-handle call. */
final class FunctionCalls {
  private FunctionCalls() {}

  static Eval invoker(FunctionSignature.Match match, List<CompiledExpr> args) {
    return invoker(match, args, false);
  }

  /**
   * A table function's call. Failing arguments propagate as in any expression; a failure of the
   * function itself, or a null result, is reported with ksqlDB's processing-log text.
   */
  static Eval tableInvoker(FunctionSignature.Match match, List<CompiledExpr> args) {
    return invoker(match, args, true);
  }

  private static Eval invoker(FunctionSignature.Match match, List<CompiledExpr> args, boolean table) {
    FunctionSignature sig = match.signature();
    String name = sig.name();
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
      Object result;
      try {
        result = (Object) handle.invokeExact(values);
      } catch (RuntimeException e) {
        if (table) throw new TableFunctionException("Table function " + name + " threw an exception", e);
        throw e;
      } catch (Error e) {
        throw e;
      } catch (Throwable t) {
        if (table) throw new TableFunctionException("Table function " + name + " threw an exception", t);
        throw new IllegalStateException(t);
      }
      if (table && result == null) throw new TableFunctionException("Table function " + name + " returned null", null);
      return result;
    };
  }
}

package io.streamsql.core.sql.expr;

/**
 * A compiled expression: evaluates against one row. Rows are {@code Object[]} laid out by the
 * query's {@link Scope}; lambda variables live in extra slots at the end of the same array.
 */
@FunctionalInterface
public interface Eval {
  Object eval(Object[] row);
}

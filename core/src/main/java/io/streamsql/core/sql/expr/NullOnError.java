package io.streamsql.core.sql.expr;

/**
 * ksqlDB's {@code ksql.nested.error.set.null} (on for every new query): when one element of a
 * constructor fails, only that element is null and the rest of the value is kept. The error goes
 * to the {@link RowErrors} in the row's error slot, when the row has one.
 */
final class NullOnError {
  private NullOnError() {}

  /** {@code what} is ksqlDB's name of the part: "array item", "map key", "map value", "struct field". */
  static Eval guard(Eval e, String what, Scope scope) {
    int slot = scope.errorSlot();
    String message = "Error processing " + what;
    return row -> {
      try {
        return e.eval(row);
      } catch (RuntimeException ex) {
        if (slot >= 0 && row[slot] instanceof RowErrors errors) errors.report(message, ex);
        return null;
      }
    };
  }
}

package io.streamsql.core.sql.expr;

/**
 * Receives the errors of expression parts that evaluate to null when they fail (an element of an
 * ARRAY, MAP or STRUCT constructor). A running query puts one in each record's row, so the error
 * reaches its processing log with the record it came from.
 */
@FunctionalInterface
public interface RowErrors {
  void report(String message, RuntimeException error);
}

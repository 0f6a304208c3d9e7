package io.streamsql.core.sql.expr;

/**
 * A table function failed for one row: it threw, or returned null instead of a list. The message
 * is ksqlDB's processing-log text ("Table function X threw an exception", "Table function X
 * returned null"); the row gives no output rows and the query goes on.
 */
public final class TableFunctionException extends RuntimeException {
  TableFunctionException(String message, Throwable cause) {
    super(cause == null ? message : message + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
        cause);
  }
}

package io.streamsql.core.sql.plan;

/**
 * Where a query reports records it could not process (bad input, a failing expression). The
 * record is skipped or the expression is null; the query keeps running.
 */
@FunctionalInterface
public interface ProcessingLog {
  void error(String message, InputRecord record);

  ProcessingLog IGNORE = (m, r) -> { };
}

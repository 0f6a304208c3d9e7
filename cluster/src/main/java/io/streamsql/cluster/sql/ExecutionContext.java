package io.streamsql.cluster.sql;

import java.util.Map;

/**
 * What one statement of a script runs with: its text (as ksqlDB echoes it), the session's
 * property overrides and variables (changed in place by SET/DEFINE for the statements after it),
 * and the command sequence number it gets if it is a command.
 */
record ExecutionContext(String text, Map<String, Object> properties, Map<String, String> variables, java.util.function.LongSupplier sequence) {
  long nextSequence() {
    return sequence.getAsLong();
  }
}

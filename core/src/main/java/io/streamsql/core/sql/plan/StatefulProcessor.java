package io.streamsql.core.sql.plan;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The operators of one state partition of a stateful query, with their state: records in, outputs
 * out, and the changed state entries handed out encoded for journaling ({@link #drainChanges}) and
 * taken back on recovery ({@link #restore}). Deterministic: no clock is read.
 */
public interface StatefulProcessor {
  void restore(String key, byte[] state);

  void restoreStreamTime(long time);

  long streamTime();

  void process(InputRecord in, Consumer<OutputRecord> out);

  /** After a batch (expire what retention no longer keeps). */
  void endOfBatch();

  /** The entries changed since the last call, encoded; null means the entry left the state. */
  Map<String, byte[]> drainChanges();
}

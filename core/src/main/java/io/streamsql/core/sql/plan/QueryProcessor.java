package io.streamsql.core.sql.plan;

import java.util.function.Consumer;

/** The compiled operator chain of a stateless query: zero or more outputs per input record. */
@FunctionalInterface
public interface QueryProcessor {
  void process(InputRecord in, Consumer<OutputRecord> out);
}

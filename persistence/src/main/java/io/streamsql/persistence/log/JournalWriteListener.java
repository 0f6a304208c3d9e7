package io.streamsql.persistence.log;

/**
 * Told how long each journal write of a log partition took, from the persist call until the
 * journal confirmed it. Lets the node measure its journal without the entity knowing about metrics.
 */
@FunctionalInterface
public interface JournalWriteListener {
  JournalWriteListener NONE = (records, nanos) -> {};

  /** A write of {@code records} records (0 for a retention event alone) took {@code nanos}. */
  void written(int records, long nanos);
}

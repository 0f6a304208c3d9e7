package io.streamsql.core.sql.fn;

/**
 * One aggregate over a group: an accumulator {@code A} built from input values {@code I} and
 * mapped to the result {@code O}. Accumulators are values: every method returns the new one, so
 * state can be journaled and snapshotted as is. Null inputs reach {@link #aggregate}; each function
 * decides what they mean, as ksqlDB's do.
 */
public interface Aggregator<I, A, O> {
  A initialize();

  A aggregate(I value, A accumulator);

  /** Combines two accumulators of the same group (session windows that merge). */
  A merge(A left, A right);

  O map(A accumulator);
}

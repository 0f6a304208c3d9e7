package io.streamsql.core.sql.fn;

/** An aggregate that can take a value back out, so aggregating a table stays right when a row changes or is deleted. */
public interface TableAggregator<I, A, O> extends Aggregator<I, A, O> {
  A undo(I value, A accumulator);
}

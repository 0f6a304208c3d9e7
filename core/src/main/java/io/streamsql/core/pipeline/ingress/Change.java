package io.streamsql.core.pipeline.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change to a table: insert or delete {@code weight} copies of {@code row}. {@code record}
 * is the 1-based number of the input record it came from (a JSON value or array element, or a
 * CSV row), so a later error about the row (e.g. a type mismatch) can name it.
 */
public record Change(long record, Kind kind, long weight, ObjectNode row) {
  public enum Kind { INSERT, DELETE }

  public Change {
    if (record < 1) throw new IllegalArgumentException("record numbers start at 1: " + record);
    if (kind == null || row == null) throw new NullPointerException("kind and row are required");
    if (weight <= 0) throw new IllegalArgumentException("weight must be positive: " + weight);
  }

  public static Change insert(long record, ObjectNode row) {
    return new Change(record, Kind.INSERT, 1, row);
  }

  public static Change delete(long record, ObjectNode row) {
    return new Change(record, Kind.DELETE, 1, row);
  }
}

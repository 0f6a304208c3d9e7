package io.streamsql.core.pipeline.ingress;

import io.streamsql.core.sql.SqlType;

/**
 * A column of the target table, as stored (upper-case unless quoted). Only CSV needs them: its
 * fields are positional and untyped, so names and types turn a row into a JSON object.
 */
public record ColumnSpec(String name, SqlType type) {
  public ColumnSpec {
    if (name == null || type == null) throw new NullPointerException("name and type are required");
  }
}

package io.streamsql.persistence.sql;

import io.streamsql.persistence.CborSerializable;
import java.util.List;

/** A persistent query in the catalog: its id, its statement, what it writes and what it reads. */
public record SqlQuery(String id, String statement, String sink, List<String> sources) implements CborSerializable {
  public SqlQuery {
    sources = List.copyOf(sources);
  }
}

package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.CreateSource;
import java.util.Map;

/**
 * Where a persistent query writes: a new source ({@code CREATE STREAM|TABLE name WITH (…) AS SELECT})
 * or an existing one ({@code INSERT INTO}, {@code existing} set). {@code toClient}: the rows of a
 * push or pull query, sent to a client and never stored, which (as in ksqlDB) may leave out the key
 * columns or select only key columns, and keep the projection's column order.
 */
public record SinkSpec(
    String name, CreateSource.Kind kind, Map<String, Object> properties, SourceSchema existing, Map<String, Object> session,
    boolean toClient) {
  public SinkSpec {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    session = session == null ? Map.of() : Map.copyOf(session);
  }

  public SinkSpec(String name, CreateSource.Kind kind, Map<String, Object> properties, SourceSchema existing, Map<String, Object> session) {
    this(name, kind, properties, existing, session, false);
  }

  public SinkSpec(String name, CreateSource.Kind kind, Map<String, Object> properties, SourceSchema existing) {
    this(name, kind, properties, existing, Map.of());
  }
}

package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.CreateSource;
import java.util.Map;

/**
 * Where a persistent query writes: a new source ({@code CREATE STREAM|TABLE name WITH (…) AS SELECT})
 * or an existing one ({@code INSERT INTO}, {@code existing} set).
 */
public record SinkSpec(
    String name, CreateSource.Kind kind, Map<String, Object> properties, SourceSchema existing, Map<String, Object> session) {
  public SinkSpec {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
    session = session == null ? Map.of() : Map.copyOf(session);
  }

  public SinkSpec(String name, CreateSource.Kind kind, Map<String, Object> properties, SourceSchema existing) {
    this(name, kind, properties, existing, Map.of());
  }
}

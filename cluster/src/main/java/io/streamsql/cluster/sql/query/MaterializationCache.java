package io.streamsql.cluster.sql.query;

import io.streamsql.cluster.sql.SqlEngine;
import io.streamsql.persistence.sql.QueryDefinition;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which aggregation (if any) writes a table, remembered for {@code ttl}: finding it asks the SQL
 * catalog and the query entity, which a key lookup should not pay every time. Like the stream and
 * table definition caches, a table dropped or re-created is seen at most {@code ttl} late (a
 * lookup in that window reads the old query's state partitions, emptied when it was terminated).
 */
final class MaterializationCache {
  private record Entry(Optional<QueryDefinition> aggregation, long expiresAtNanos) {}

  private final SqlEngine engine;
  private final long ttlNanos;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  MaterializationCache(SqlEngine engine, Duration ttl) {
    this.engine = engine;
    this.ttlNanos = ttl.toNanos();
  }

  /** The aggregation writing {@code table}, or null when none does (the table is not materialized). */
  QueryDefinition aggregationWriting(String table) {
    long now = System.nanoTime();
    Entry e = entries.get(table);
    if (e == null || now - e.expiresAtNanos() > 0) {
      e = new Entry(Optional.ofNullable(engine.aggregationWriting(table)), now + ttlNanos);
      entries.put(table, e);
    }
    return e.aggregation().orElse(null);
  }
}

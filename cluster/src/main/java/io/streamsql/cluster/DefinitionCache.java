package io.streamsql.cluster.tables;

import io.streamsql.persistence.table.TableDefinition;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Table definitions recently read from the catalog, so that point reads need one entity ask
 * instead of two. Changes made through this node replace the entry at once; changes made
 * through other nodes are seen within the time to live.
 */
final class DefinitionCache {
  private record Entry(TableDefinition definition, long expiresAtNanos) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;

  DefinitionCache(Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  CompletionStage<TableDefinition> get(String name, Function<String, CompletionStage<TableDefinition>> load) {
    Entry e = entries.get(name);
    if (e != null && System.nanoTime() < e.expiresAtNanos()) return CompletableFuture.completedFuture(e.definition());
    return load.apply(name).thenApply(def -> {
      put(def);
      return def;
    });
  }

  void put(TableDefinition def) {
    if (ttlNanos > 0) entries.put(def.name(), new Entry(def, System.nanoTime() + ttlNanos));
  }

  void remove(String name) {
    entries.remove(name);
  }
}

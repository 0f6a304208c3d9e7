package io.streamsql.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Definitions (of streams, of tables) recently read from their catalog entity, so that hot paths
 * — uploads, point reads — do not ask the catalog every time. Changes made through this node
 * replace the entry at once; changes made through other nodes are seen within the time to live.
 */
public final class DefinitionCache<D> {
  private record Entry<D>(D definition, long expiresAtNanos) {}

  private final ConcurrentHashMap<String, Entry<D>> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final Function<D, String> nameOf;

  public DefinitionCache(Duration ttl, Function<D, String> nameOf) {
    this.ttlNanos = ttl.toNanos();
    this.nameOf = nameOf;
  }

  /** The cached definition, or the one {@code load} finds (which is then cached). */
  public CompletionStage<D> get(String name, Function<String, CompletionStage<D>> load) {
    Entry<D> e = entries.get(name);
    if (e != null && System.nanoTime() < e.expiresAtNanos()) return CompletableFuture.completedFuture(e.definition());
    return load.apply(name).thenApply(def -> {
      put(def);
      return def;
    });
  }

  public void put(D def) {
    if (ttlNanos > 0) entries.put(nameOf.apply(def), new Entry<>(def, System.nanoTime() + ttlNanos));
  }

  public void remove(String name) {
    entries.remove(name);
  }
}

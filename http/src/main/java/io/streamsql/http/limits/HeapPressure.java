package io.streamsql.http.limits;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Comparator;
import java.util.Optional;

/**
 * Whether the old generation was still nearly full after the latest collection that reached it.
 * Live data that survives a collection is what an out-of-memory error is made of, whereas heap
 * usage before a collection says nothing (garbage is cheap), so the JVM's collection usage
 * threshold of the old-generation pool is the signal: above it, new uploads are refused until a
 * collection frees memory again.
 */
final class HeapPressure {
  private final Optional<MemoryPoolMXBean> oldGen;

  /** @param threshold fraction of the pool's maximum; 0 or less disables the guard */
  HeapPressure(double threshold) {
    this.oldGen = threshold <= 0 ? Optional.empty() : ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported() && p.getUsage().getMax() > 0)
        // The old (tenured) generation is the heap pool with the largest maximum.
        .max(Comparator.comparingLong(p -> p.getUsage().getMax()));
    oldGen.ifPresent(p -> p.setCollectionUsageThreshold((long) (p.getUsage().getMax() * threshold)));
  }

  boolean high() {
    return oldGen.map(MemoryPoolMXBean::isCollectionUsageThresholdExceeded).orElse(false);
  }

  String poolName() {
    return oldGen.map(MemoryPoolMXBean::getName).orElse("none");
  }
}

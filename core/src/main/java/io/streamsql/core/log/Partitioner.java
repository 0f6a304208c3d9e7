package io.streamsql.core.log;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses the partition of a record; every writer of a log uses {@link #partitionFor}.
 *
 * <ul>
 *   <li>A keyed record goes where Kafka's default partitioner puts it: murmur2 of the key's JSON
 *       text, so that keys land where Kafka tools expect them.
 *   <li>A keyless record goes to partition {@code spread mod partitions}, where {@code spread} is
 *       a number the writer takes from {@link #nextKeylessSpread()} (a node-wide counter, so the
 *       keyless records of uploads, topic writes and INSERT VALUES go round-robin) — unless the
 *       writer must put a record again where it went before: a persistent query passes the
 *       partition of the input record, so re-processing input after a crash sends each output to
 *       the partition that already holds it and the idempotent append drops it.
 * </ul>
 */
public final class Partitioner {
  private static final AtomicLong KEYLESS = new AtomicLong();

  private Partitioner() {}

  /**
   * The partition of a record with key {@code keyJson} (JSON text; null: keyless, placed by
   * {@code keylessSpread}).
   */
  public static int partitionFor(String keyJson, long keylessSpread, int partitions) {
    return keyJson == null ? (int) Math.floorMod(keylessSpread, (long) partitions) : partitionForKey(keyJson, partitions);
  }

  /** The next number of this node's keyless round-robin. */
  public static long nextKeylessSpread() {
    return KEYLESS.getAndIncrement();
  }

  public static int partitionForKey(String keyText, int partitions) {
    byte[] bytes = keyText.getBytes(StandardCharsets.UTF_8);
    return (murmur2(bytes) & 0x7fffffff) % partitions;
  }

  static int murmur2(byte[] data) {
    int length = data.length;
    int seed = 0x9747b28c;
    final int m = 0x5bd1e995;
    final int r = 24;
    int h = seed ^ length;
    int length4 = length / 4;
    for (int i = 0; i < length4; i++) {
      int i4 = i * 4;
      int k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ((data[i4 + 2] & 0xff) << 16) + ((data[i4 + 3] & 0xff) << 24);
      k *= m;
      k ^= k >>> r;
      k *= m;
      h *= m;
      h ^= k;
    }
    switch (length % 4) {
      case 3:
        h ^= (data[(length & ~3) + 2] & 0xff) << 16;
      case 2:
        h ^= (data[(length & ~3) + 1] & 0xff) << 8;
      case 1:
        h ^= data[length & ~3] & 0xff;
        h *= m;
    }
    h ^= h >>> 13;
    h *= m;
    h ^= h >>> 15;
    return h;
  }
}

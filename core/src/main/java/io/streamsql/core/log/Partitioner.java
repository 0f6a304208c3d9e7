package io.streamsql.core.log;

import java.nio.charset.StandardCharsets;

/**
 * Chooses the partition of a keyed record the way Kafka's default partitioner does
 * (murmur2 of the key bytes), so that keys land where Kafka tools expect them.
 */
public final class Partitioner {
  private Partitioner() {}

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

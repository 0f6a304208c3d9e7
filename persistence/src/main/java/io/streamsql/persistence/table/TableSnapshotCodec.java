package io.streamsql.persistence.table;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.streamsql.persistence.log.PartitionState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Cuts a table partition's content into CBOR chunks of about {@code chunkBytes} each and puts
 * it back together. Chunk 0 also carries the partition's metadata.
 */
final class TableSnapshotCodec {
  private static final CBORMapper CBOR = new CBORMapper();

  /** One row of one version (0 = current) or of a staged load ({@code loadId} set). */
  record Entry(int version, String loadId, String key, byte[] value) {}

  record Chunk(PartitionState log, Boolean frozen, List<Integer> versions, List<Entry> entries) {}

  /** A consistent copy of what a partition holds, taken in the actor, encoded outside it. */
  record Content(
      PartitionState log, boolean frozen,
      TreeMap<String, byte[]> current,
      TreeMap<Integer, TreeMap<String, byte[]>> versions,
      TreeMap<Integer, TablePartitionState.Staging> staging) {}

  private TableSnapshotCodec() {}

  static List<byte[]> encode(Content content, long chunkBytes) {
    List<byte[]> chunks = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    long[] size = {0};
    Runnable flush = () -> {
      boolean first = chunks.isEmpty();
      chunks.add(write(new Chunk(first ? content.log() : null, first ? content.frozen() : null,
          first ? List.copyOf(content.versions().keySet()) : null, List.copyOf(entries))));
      entries.clear();
      size[0] = 0;
    };
    java.util.function.BiConsumer<Entry, Integer> add = (e, bytes) -> {
      entries.add(e);
      size[0] += bytes;
      if (size[0] >= chunkBytes) flush.run();
    };
    content.current().forEach((k, v) -> add.accept(new Entry(0, null, k, v), k.length() + v.length + 16));
    content.versions().forEach((version, rows) ->
        rows.forEach((k, v) -> add.accept(new Entry(version, null, k, v), k.length() + v.length + 16)));
    content.staging().forEach((version, staged) ->
        staged.rows().forEach((k, v) -> add.accept(new Entry(version, staged.loadId(), k, v), k.length() + v.length + 16)));
    if (!entries.isEmpty() || chunks.isEmpty()) flush.run();
    return chunks;
  }

  static Content decode(List<byte[]> chunks) {
    PartitionState log = PartitionState.EMPTY;
    boolean frozen = false;
    TreeMap<String, byte[]> current = new TreeMap<>();
    TreeMap<Integer, TreeMap<String, byte[]>> versions = new TreeMap<>();
    TreeMap<Integer, TablePartitionState.Staging> staging = new TreeMap<>();
    for (byte[] bytes : chunks) {
      Chunk chunk = read(bytes);
      if (chunk.log() != null) {
        log = chunk.log();
        frozen = chunk.frozen();
        for (int v : chunk.versions()) versions.put(v, new TreeMap<>());
      }
      for (Entry e : chunk.entries()) {
        if (e.loadId() != null) {
          staging.computeIfAbsent(e.version(), v -> new TablePartitionState.Staging(e.loadId(), new TreeMap<>())).rows().put(e.key(), e.value());
        } else if (e.version() == 0) {
          current.put(e.key(), e.value());
        } else {
          versions.computeIfAbsent(e.version(), v -> new TreeMap<>()).put(e.key(), e.value());
        }
      }
    }
    return new Content(log, frozen, current, versions, staging);
  }

  private static byte[] write(Chunk chunk) {
    try {
      return CBOR.writeValueAsBytes(chunk);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Chunk read(byte[] bytes) {
    try {
      return CBOR.readValue(bytes, Chunk.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

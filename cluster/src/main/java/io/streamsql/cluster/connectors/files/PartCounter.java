package io.streamsql.cluster.connectors.files;

import io.streamsql.persistence.connector.FileTableCatalogEntity.Part;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a file, as it is read, into parts of about {@code partBytes}: a part ends with the first
 * chunk (CSV bytes, a Parquet row group) that reaches its size, so every part holds whole
 * records. The rows a chunk completes belong to the part the chunk is in.
 */
final class PartCounter {
  private final long partBytes;
  private final FileLoadRequest request;
  private final List<Part> done = new ArrayList<>();
  private long bytes;
  private long rows;
  private long totalBytes;

  /** @param partBytes the size of a part; Long.MAX_VALUE for a file that is not partitioned */
  PartCounter(long partBytes, FileLoadRequest request) {
    this.partBytes = partBytes;
    this.request = request;
  }

  /**
   * Counts a chunk in. Throws {@code file_too_large} once a file of unknown size passes 1 GB with
   * {@code auto_partition=false}, so its version is never committed.
   */
  void chunk(long chunkBytes, long chunkRows) {
    if (totalBytes + chunkBytes > FileLoadRequest.PARTITION_THRESHOLD_BYTES && !request.autoPartition()) {
      throw request.tooLarge(totalBytes + chunkBytes);
    }
    bytes += chunkBytes;
    rows += chunkRows;
    totalBytes += chunkBytes;
    if (bytes >= partBytes) close();
  }

  long totalBytes() {
    return totalBytes;
  }

  private void close() {
    done.add(new Part(done.size() + 1, bytes, rows));
    bytes = 0;
    rows = 0;
  }

  /** The parts, the last one closed (a file with no bytes has no part). */
  List<Part> parts() {
    List<Part> all = new ArrayList<>(done);
    if (bytes > 0 || rows > 0) all.add(new Part(all.size() + 1, bytes, rows));
    return all;
  }
}

package io.streamsql.cluster.connectors.files;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.Map;

/**
 * What a client asked to load: the file table's name and type, its primary key (null: the rows
 * go to a stream), the table version to create (null: the next), declared CSV column types,
 * the partitions of a new table or stream, and how to partition a file over 1 GB.
 */
public record FileLoadRequest(
    String name, FileType fileType, String primaryKey, Integer version, String columns, Integer partitions,
    boolean autoPartition, int partitionSizeMb, String source) {

  /** Files larger than this are split into parts (or refused with {@code auto_partition=false}), as Kumo does. */
  public static final long PARTITION_THRESHOLD_BYTES = 1L << 30;

  public static final int DEFAULT_PARTITION_SIZE_MB = 250;

  public FileLoadRequest {
    if (name == null || name.isBlank()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "A file table needs a 'name'", Map.of());
    }
    primaryKey = primaryKey == null || primaryKey.isBlank() ? null : primaryKey;
    if (partitionSizeMb < 1) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
          "partition_size_mb must be at least 1, got " + partitionSizeMb, Map.of("partition_size_mb", partitionSizeMb));
    }
    if (version != null && primaryKey == null) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
          "'version' needs a 'primary_key': only a file with a primary key becomes a version of an immutable table", Map.of());
    }
  }

  /** Refuses, before anything is read, a file over 1 GB that must not be partitioned. */
  public void checkSize(long bytes) {
    if (bytes > PARTITION_THRESHOLD_BYTES && !autoPartition) throw tooLarge(bytes);
  }

  StreamSqlException tooLarge(long bytes) {
    return new StreamSqlException(ErrorCode.FILE_TOO_LARGE,
        "The file is " + bytes + " bytes, over the 1 GB (" + PARTITION_THRESHOLD_BYTES
            + " bytes) that can be loaded unpartitioned; upload it with auto_partition=true to split it into parts of partition_size_mb",
        Map.of("bytes", bytes, "limit_bytes", PARTITION_THRESHOLD_BYTES));
  }

  /** The size of one part of a file of {@code bytes}: the whole file unless it is over 1 GB. */
  long partBytes(long bytes) {
    return bytes > PARTITION_THRESHOLD_BYTES ? partitionSizeMb * 1_048_576L : Long.MAX_VALUE;
  }
}

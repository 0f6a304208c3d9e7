package io.streamsql.cluster.connectors.files;

/**
 * One row group of a Parquet file, as its footer describes it. Row groups are the whole-record
 * units a large file is partitioned by, so {@code startOffset} and {@code compressedBytes} let the
 * caller size parts without reading any data.
 */
public record RowGroupInfo(int index, long rows, long compressedBytes, long startOffset) {}

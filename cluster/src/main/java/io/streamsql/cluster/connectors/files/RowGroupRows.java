package io.streamsql.cluster.connectors.files;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.RecordReader;

/**
 * The rows of one row group, each as compact UTF-8 JSON object bytes. Only this row group's pages
 * are in memory; each row is assembled when {@link #next()} asks for it.
 */
public final class RowGroupRows implements Iterator<byte[]> {
  private final String file;
  private final int index;
  private final long rows;
  private final RecordReader<byte[]> reader;
  private long read;

  RowGroupRows(String file, int index, long rows, RecordReader<byte[]> reader) {
    this.file = file;
    this.index = index;
    this.rows = rows;
    this.reader = reader;
  }

  /** The row group's index in the file. */
  public int index() {
    return index;
  }

  /** How many rows the row group holds. */
  public long rows() {
    return rows;
  }

  @Override
  public boolean hasNext() {
    return read < rows;
  }

  @Override
  public byte[] next() {
    if (read >= rows) {
      throw new NoSuchElementException("row group " + index + " has " + rows + " rows");
    }
    read++;
    try {
      return reader.read();
    } catch (ParquetDecodingException e) {
      throw new StreamSqlException(
          ErrorCode.INVALID_REQUEST,
          "cannot read row " + read + " of row group " + index + " of " + file + ": " + e.getMessage(),
          Map.of("path", file, "row_group", index, "row", read),
          e);
    }
  }
}

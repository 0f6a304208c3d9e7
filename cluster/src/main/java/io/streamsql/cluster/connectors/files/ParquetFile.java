package io.streamsql.cluster.connectors.files;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.MessageType;

/**
 * An open Parquet file: its columns as SQL types, its row groups, and the rows of one row group at
 * a time as JSON (so memory stays bounded by one row group's pages). Closing it closes the reader
 * and, when the input is {@link AutoCloseable} (a downloaded copy, say), the input too.
 *
 * <p>Not thread-safe: read one row group at a time, and each {@link RowGroupRows} before the next.
 */
public final class ParquetFile implements AutoCloseable {
  private final String name;
  private final InputFile input;
  private final ParquetFileReader reader;
  private final MessageType schema;
  private final List<FileColumn> columns;
  private final List<RowGroupInfo> rowGroups;

  private ParquetFile(String name, InputFile input, ParquetFileReader reader) {
    this.name = name;
    this.input = input;
    this.reader = reader;
    this.schema = reader.getFileMetaData().getSchema();
    this.columns = List.copyOf(ParquetSqlTypes.columns(schema));
    List<RowGroupInfo> groups = new ArrayList<>();
    List<BlockMetaData> blocks = reader.getRowGroups();
    for (int i = 0; i < blocks.size(); i++) {
      BlockMetaData block = blocks.get(i);
      groups.add(new RowGroupInfo(i, block.getRowCount(), block.getCompressedSize(), block.getStartingPos()));
    }
    this.rowGroups = Collections.unmodifiableList(groups);
  }

  /**
   * Reads the footer of {@code input}. {@code name} (the path as the user gave it) names the file in
   * errors. A file that is not Parquet, or whose schema StreamSQL cannot map, is INVALID_REQUEST;
   * the input is closed then if it is {@link AutoCloseable}.
   */
  public static ParquetFile open(InputFile input, String name) {
    ParquetFileReader reader = null;
    try {
      reader = ParquetFileReader.open(input);
      return new ParquetFile(name, input, reader);
    } catch (IOException | RuntimeException e) {
      closeQuietly(reader, input);
      if (e instanceof StreamSqlException streamSql) {
        throw streamSql;
      }
      throw new StreamSqlException(
          ErrorCode.INVALID_REQUEST,
          "cannot read " + name + " as a Parquet file: " + e.getMessage(),
          Map.of("path", name),
          e);
    }
  }

  public List<FileColumn> columns() {
    return columns;
  }

  public List<RowGroupInfo> rowGroups() {
    return rowGroups;
  }

  /** The rows of the whole file, from the footer. */
  public long rows() {
    return reader.getRecordCount();
  }

  /**
   * Loads row group {@code index}'s pages and returns its rows. Reading a page that is corrupt, here
   * or while iterating, is INVALID_REQUEST naming the row group.
   */
  public RowGroupRows rows(int index) {
    if (index < 0 || index >= rowGroups.size()) {
      throw new IllegalArgumentException(name + " has " + rowGroups.size() + " row groups, not " + index);
    }
    try {
      PageReadStore pages = reader.readRowGroup(index);
      MessageColumnIO columnIO = new ColumnIOFactory().getColumnIO(schema);
      return new RowGroupRows(name, index, pages.getRowCount(), columnIO.getRecordReader(pages, new JsonRecordMaterializer(schema)));
    } catch (IOException | ParquetDecodingException e) {
      throw new StreamSqlException(
          ErrorCode.INVALID_REQUEST,
          "cannot read row group " + index + " of " + name + ": " + e.getMessage(),
          Map.of("path", name, "row_group", index),
          e);
    }
  }

  @Override
  public void close() {
    closeQuietly(reader, input);
  }

  private static void closeQuietly(ParquetFileReader reader, InputFile input) {
    try {
      if (reader != null) {
        reader.close();
      }
    } catch (IOException ignored) {
      // Closing a read-only file loses nothing.
    } finally {
      if (input instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception ignored) {
          // As above; a spooled copy that cannot be deleted is logged by its own close.
        }
      }
    }
  }
}

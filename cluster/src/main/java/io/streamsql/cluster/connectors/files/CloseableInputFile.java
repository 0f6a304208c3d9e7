package io.streamsql.cluster.connectors.files;

import java.io.IOException;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet input that may own a resource, such as a downloaded copy to delete. {@link
 * ParquetFile#close()} closes it; whoever does not hand it to a ParquetFile closes it themselves.
 */
public interface CloseableInputFile extends InputFile, AutoCloseable {

  @Override
  void close();

  /** An input that owns nothing, such as a local or HDFS file read in place. */
  static CloseableInputFile inPlace(InputFile input) {
    return new CloseableInputFile() {
      @Override
      public long getLength() throws IOException {
        return input.getLength();
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        return input.newStream();
      }

      @Override
      public void close() {}

      @Override
      public String toString() {
        return input.toString();
      }
    };
  }
}

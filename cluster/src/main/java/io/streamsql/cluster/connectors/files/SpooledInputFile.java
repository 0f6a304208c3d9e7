package io.streamsql.cluster.connectors.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A downloaded copy of a remote file in the spool directory. Parquet needs random access (the
 * footer is at the end), which an HTTP body does not give; the copy is deleted on close.
 */
final class SpooledInputFile implements CloseableInputFile {
  private static final Logger log = LoggerFactory.getLogger(SpooledInputFile.class);

  private final Path copy;
  private final LocalInputFile input;

  SpooledInputFile(Path copy) {
    this.copy = copy;
    this.input = new LocalInputFile(copy);
  }

  /** The local copy, while open. */
  Path copy() {
    return copy;
  }

  @Override
  public long getLength() throws IOException {
    return input.getLength();
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    return input.newStream();
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(copy);
    } catch (IOException e) {
      log.warn("Could not delete the spooled copy {}: {}", copy, e.toString());
    }
  }

  @Override
  public String toString() {
    return copy.toString();
  }
}

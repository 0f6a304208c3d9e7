package io.streamsql.cluster.connectors.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.io.LocalInputFile;

/** A file on the server's own file system. */
record LocalFileLocation(String path, Path file) implements FileLocation {

  static LocalFileLocation of(String path, URI uri) {
    String host = uri.getHost() == null ? uri.getAuthority() : uri.getHost();
    if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
      throw PathErrors.invalid(path, "a file URL names a file on this server: file:///abs/path, not host " + host);
    }
    if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
      throw PathErrors.invalid(path, "a file URL needs an absolute path: file:///abs/path");
    }
    return new LocalFileLocation(path, Path.of(uri.getPath()));
  }

  @Override
  public long size() {
    requireRegularFile();
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw PathErrors.unreadable(path, e.toString(), e);
    }
  }

  @Override
  public InputStream open() {
    requireRegularFile();
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw PathErrors.unreadable(path, e.toString(), e);
    }
  }

  @Override
  public CloseableInputFile parquetInput(Path spoolDir) {
    requireRegularFile();
    return CloseableInputFile.inPlace(new LocalInputFile(file));
  }

  private void requireRegularFile() {
    if (!Files.exists(file)) {
      throw PathErrors.notFound(path);
    }
    if (!Files.isRegularFile(file)) {
      throw PathErrors.invalid(path, "not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw PathErrors.unreadable(path, "permission denied", null);
    }
  }
}

package io.streamsql.cluster.connectors.files;

import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the server reads a file from, as the user gave it: {@code /abs/path} or {@code
 * file:///abs/path} (local), {@code http://…}/{@code https://…}, or {@code hdfs://namenode:port/path}.
 * Errors follow {@link PathErrors}: 400 for a bad or unsupported path, 404 for a missing file.
 */
public sealed interface FileLocation permits LocalFileLocation, HttpFileLocation, HdfsFileLocation {

  /** The path as the user gave it, for messages and the file table's {@code source}. */
  String path();

  /** The file's length in bytes, or -1 when the source does not say (an HTTP server without Content-Length). */
  long size();

  /** The file's bytes from the start, read sequentially (CSV). The caller closes it. */
  InputStream open();

  /**
   * The file for random access (Parquet). Local and HDFS files are read in place; an HTTP file is
   * first downloaded into {@code spoolDir}, and that copy is deleted when the returned input closes
   * (which {@link ParquetFile#close()} does).
   */
  CloseableInputFile parquetInput(Path spoolDir);

  static FileLocation parse(String path) {
    if (path == null || path.isBlank()) {
      throw PathErrors.invalid(String.valueOf(path), "a path is required");
    }
    if (path.startsWith("/")) {
      return new LocalFileLocation(path, Path.of(path));
    }
    URI uri;
    try {
      uri = new URI(path);
    } catch (URISyntaxException e) {
      throw PathErrors.invalid(path, "not a valid path or URL (" + e.getReason() + ")");
    }
    if (uri.getScheme() == null) {
      throw PathErrors.invalid(path, "give an absolute path (/abs/path) or a URL (file://, http://, https://, hdfs://)");
    }
    switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
      case "file":
        return LocalFileLocation.of(path, uri);
      case "http":
      case "https":
        return HttpFileLocation.of(path, uri);
      case "hdfs":
        return HdfsFileLocation.of(path, uri);
      default:
        throw PathErrors.invalid(path, "unsupported scheme " + uri.getScheme() + "; use file, http, https or hdfs");
    }
  }
}

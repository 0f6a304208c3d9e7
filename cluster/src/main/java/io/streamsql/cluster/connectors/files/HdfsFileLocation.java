package io.streamsql.cluster.connectors.files;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * A file on HDFS, read with the Hadoop client; the namenode comes from the URL
 * ({@code hdfs://namenode:port/path}), everything else from Hadoop's defaults.
 */
record HdfsFileLocation(String path, URI uri) implements FileLocation {

  static HdfsFileLocation of(String path, URI uri) {
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw PathErrors.invalid(path, "an HDFS URL names its namenode: hdfs://namenode:port/path");
    }
    if (uri.getPath() == null || !uri.getPath().startsWith("/") || uri.getPath().length() < 2) {
      throw PathErrors.invalid(path, "an HDFS URL needs a file path after the namenode");
    }
    return new HdfsFileLocation(path, uri);
  }

  /**
   * Hadoop's defaults, except that an unreachable namenode fails in seconds: by default the client
   * retries for many minutes, far past any HTTP request's patience.
   */
  private static Configuration configuration() {
    Configuration conf = new Configuration();
    conf.setInt("ipc.client.connect.max.retries", 2);
    conf.setInt("ipc.client.connect.max.retries.on.timeouts", 2);
    conf.setInt("ipc.client.connect.timeout", 10_000);
    return conf;
  }

  private org.apache.hadoop.fs.Path hadoopPath() {
    return new org.apache.hadoop.fs.Path(uri);
  }

  @Override
  public long size() {
    return status().getLen();
  }

  @Override
  public InputStream open() {
    status();
    try {
      return fileSystem().open(hadoopPath());
    } catch (FileNotFoundException e) {
      throw PathErrors.notFound(path);
    } catch (IOException e) {
      throw PathErrors.unreadable(path, e.toString(), e);
    }
  }

  @Override
  public CloseableInputFile parquetInput(Path spoolDir) {
    FileStatus status = status();
    try {
      return CloseableInputFile.inPlace(HadoopInputFile.fromStatus(status, configuration()));
    } catch (IOException e) {
      throw PathErrors.unreadable(path, e.toString(), e);
    }
  }

  private FileStatus status() {
    FileStatus status;
    try {
      status = fileSystem().getFileStatus(hadoopPath());
    } catch (FileNotFoundException e) {
      throw PathErrors.notFound(path);
    } catch (IOException e) {
      throw PathErrors.unreadable(path, e.toString(), e);
    }
    if (!status.isFile()) {
      throw PathErrors.invalid(path, "not a file");
    }
    return status;
  }

  /** Hadoop caches one FileSystem per namenode and user, so this is cheap after the first call. */
  private FileSystem fileSystem() {
    try {
      return FileSystem.get(uri, configuration());
    } catch (IOException e) {
      throw PathErrors.unreadable(path, e.toString(), e);
    }
  }
}

package io.streamsql.cluster.connectors.files;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.Map;

/**
 * The errors of reading a user-given path, the same for every scheme: a path that does not parse
 * or is not supported is INVALID_REQUEST (400); a file that does not exist is NOT_FOUND (404); a
 * file that exists but cannot be read (a directory, a refused connection, an HTTP 500) is
 * INVALID_REQUEST. Each names the path in its message and in {@code details.path}.
 */
final class PathErrors {
  private PathErrors() {}

  static StreamSqlException invalid(String path, String problem) {
    return new StreamSqlException(ErrorCode.INVALID_REQUEST, "invalid path " + path + ": " + problem, Map.of("path", path));
  }

  static StreamSqlException notFound(String path) {
    return new StreamSqlException(ErrorCode.NOT_FOUND, "file not found: " + path, Map.of("path", path));
  }

  static StreamSqlException unreadable(String path, String reason, Throwable cause) {
    return new StreamSqlException(
        ErrorCode.INVALID_REQUEST, "cannot read " + path + ": " + reason, Map.of("path", path), cause);
  }
}

package io.streamsql.cluster.streams;

import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.ParsedRecord;

/**
 * An element of an upload: a record, or the error that ends the upload. Errors travel as
 * elements so the records before them are still appended and reported exactly.
 */
public sealed interface UploadItem {
  record Record(ParsedRecord record) implements UploadItem {}

  record Failure(StreamSqlException error) implements UploadItem {}
}

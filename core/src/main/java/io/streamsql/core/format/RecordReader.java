package io.streamsql.core.format;

import java.util.List;

/**
 * Incrementally splits an uploaded body into records. Chunks are fed as they arrive so a body of
 * any size is read in memory bounded by the largest single record.
 */
public interface RecordReader {
  /** Consumes the next chunk of the body and returns the records it completed. */
  List<ParsedRecord> feed(byte[] chunk);

  /** Signals the end of the body; returns the last records or fails if one is incomplete. */
  List<ParsedRecord> finish();
}

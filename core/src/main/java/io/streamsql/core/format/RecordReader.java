package io.streamsql.core.format;

import java.util.List;

/**
 * Incrementally splits an uploaded body into records. Chunks are fed as they arrive so a body of
 * any size is read in memory bounded by the largest single record.
 */
public interface RecordReader {
  /**
   * Consumes the next chunk of the body and adds the records it completed to {@code out}. On bad
   * input it throws, after adding every record that came before the fault.
   */
  void feed(byte[] chunk, List<ParsedRecord> out);

  /** Signals the end of the body; adds the last records or throws if one is incomplete. */
  void finish(List<ParsedRecord> out);
}

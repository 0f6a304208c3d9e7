package io.streamsql.cluster.streams;

/**
 * How far one partition's read has got: where a restarted read resumes (after a failed journal
 * query) without losing or repeating a record.
 */
final class ReadCursor {
  /** The journal event holding the last record read (re-read on resume; offsets drop what was seen). */
  long nextSeqNr;
  /** The offset of the next record to deliver; records below it are skipped. */
  long offsetFloor;
  /** Reads from a time: whether a record stamped at or after it has been reached. */
  boolean reachedTime;
  final long timeFloor;

  ReadCursor(long nextSeqNr, long offsetFloor, long timeFloor) {
    this.nextSeqNr = nextSeqNr;
    this.offsetFloor = offsetFloor;
    this.timeFloor = timeFloor;
    this.reachedTime = timeFloor == Long.MIN_VALUE;
  }

  /**
   * Whether the record at {@code offset} (journal event {@code seqNr}) is delivered; moves the
   * cursor past it either way. Records below the floor were delivered already or lie before the
   * requested position; from a time, the first record stamped at or after it starts the read.
   */
  boolean admit(long seqNr, long offset, long timestamp) {
    if (offset < offsetFloor) return false;
    offsetFloor = offset + 1;
    nextSeqNr = seqNr;
    if (!reachedTime) {
      if (timestamp < timeFloor) return false;
      reachedTime = true;
    }
    return true;
  }
}

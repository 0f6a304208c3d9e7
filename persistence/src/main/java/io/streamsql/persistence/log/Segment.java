package io.streamsql.persistence.log;

/**
 * A run of consecutive journal events of one log partition, the unit that retention deletes
 * (as a Kafka segment is). Segments also index reads: a reader starting at an offset or a time
 * begins at the first event of the segment that holds it.
 */
public record Segment(
    long fromSeqNr, long toSeqNr, long firstOffset, long recordCount, long bytes, long minTimestamp, long maxTimestamp) {

  public long endOffset() {
    return firstOffset + recordCount;
  }

  Segment plus(long seqNr, long records, long addedBytes, long minTs, long maxTs) {
    return new Segment(
        fromSeqNr, seqNr, firstOffset, recordCount + records, bytes + addedBytes,
        Math.min(minTimestamp, minTs), Math.max(maxTimestamp, maxTs));
  }
}

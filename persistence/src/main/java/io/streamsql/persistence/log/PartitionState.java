package io.streamsql.persistence.log;

import io.streamsql.persistence.CborSerializable;
import java.util.List;

/**
 * What a log partition knows about itself (never the records: those stay in the journal).
 * {@code startOffset} is the first offset still retained, {@code nextOffset} the offset the next
 * record gets. Snapshotted, so recovery does not replay the record payloads.
 */
public record PartitionState(long startOffset, long nextOffset, List<Segment> segments, boolean openSegment)
    implements CborSerializable {

  public static final PartitionState EMPTY = new PartitionState(0, 0, List.of(), false);

  public PartitionState {
    segments = List.copyOf(segments);
  }

  public long retainedRecords() {
    return nextOffset - startOffset;
  }

  public long retainedBytes() {
    long sum = 0;
    for (Segment s : segments) sum += s.bytes();
    return sum;
  }

  /** The journal sequence number to read from to see every record at or after {@code offset}. */
  public long seqNrForOffset(long offset) {
    for (Segment s : segments) {
      if (s.endOffset() > offset) return s.fromSeqNr();
    }
    return segments.isEmpty() ? 1 : segments.get(segments.size() - 1).toSeqNr() + 1;
  }

  /** The journal sequence number to read from to see every record stamped at or after {@code time}. */
  public long seqNrForTime(long epochMillis) {
    for (Segment s : segments) {
      if (s.maxTimestamp() >= epochMillis) return s.fromSeqNr();
    }
    return segments.isEmpty() ? 1 : segments.get(segments.size() - 1).toSeqNr() + 1;
  }
}

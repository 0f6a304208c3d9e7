package io.streamsql.persistence.log;

import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a log partition knows about itself (never the records: those stay in the journal).
 * {@code startOffset} is the first offset still retained, {@code nextOffset} the offset the next
 * record gets. Snapshotted, so recovery does not replay the record payloads.
 */
public record PartitionState(
    long startOffset, long nextOffset, List<Segment> segments, boolean openSegment, Map<String, Long> producers)
    implements CborSerializable {

  public static final PartitionState EMPTY = new PartitionState(0, 0, List.of(), false, Map.of());

  /**
   * {@code producers}: for each persistent-query producer that appended here, the highest
   * sequence number appended, so that a query replaying after a crash never appends twice.
   */
  public PartitionState {
    segments = List.copyOf(segments);
    producers = producers == null ? Map.of() : Map.copyOf(producers);
  }

  public PartitionState(long startOffset, long nextOffset, List<Segment> segments, boolean openSegment) {
    this(startOffset, nextOffset, segments, openSegment, Map.of());
  }

  /** The highest sequence number producer {@code id} appended, or -1. */
  public long producerSeq(String id) {
    return producers.getOrDefault(id, -1L);
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

  /** The state after {@code batch} was journaled; segments close at the given size. */
  public PartitionState withBatch(LogBatch batch, long segmentMaxRecords, long segmentMaxBytes) {
    long seqNr = batch.seqNr();
    long bytes = 0;
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    for (StoredRecord r : batch.records()) {
      bytes += r.sizeInBytes();
      minTs = Math.min(minTs, r.timestamp());
      maxTs = Math.max(maxTs, r.timestamp());
    }
    long count = batch.records().size();
    List<Segment> next = new ArrayList<>(segments);
    if (openSegment && !next.isEmpty()) {
      Segment last = next.remove(next.size() - 1);
      next.add(last.plus(seqNr, count, bytes, minTs, maxTs));
    } else {
      next.add(new Segment(seqNr, seqNr, batch.firstOffset(), count, bytes, minTs, maxTs));
    }
    Segment last = next.get(next.size() - 1);
    boolean open = last.recordCount() < segmentMaxRecords && last.bytes() < segmentMaxBytes;
    // After retention deleted the journal prefix, replay may begin at a later batch.
    long start = segments.isEmpty() && nextOffset == startOffset ? Math.max(startOffset, batch.firstOffset()) : startOffset;
    Map<String, Long> seqs = producers;
    if (!batch.producerSeqs().isEmpty()) {
      seqs = new HashMap<>(producers);
      seqs.putAll(batch.producerSeqs());
    }
    return new PartitionState(start, batch.firstOffset() + count, next, open, seqs);
  }

  /** The state after the segments up to journal event {@code deletedToSeqNr} were removed. */
  public PartitionState withDeletion(long deletedToSeqNr, long newStartOffset) {
    List<Segment> kept = new ArrayList<>();
    for (Segment s : segments) {
      if (s.toSeqNr() > deletedToSeqNr) kept.add(s);
    }
    boolean open = openSegment && !kept.isEmpty();
    long start = Math.max(startOffset, newStartOffset);
    return new PartitionState(start, Math.max(nextOffset, start), kept, open, producers);
  }
}

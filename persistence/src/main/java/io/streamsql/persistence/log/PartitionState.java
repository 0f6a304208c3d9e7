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
    long startOffset, long nextOffset, List<Segment> segments, boolean openSegment, Map<String, Long> producers,
    Map<String, LastWrite> writers)
    implements CborSerializable {

  public static final PartitionState EMPTY = new PartitionState(0, 0, List.of(), false, Map.of(), Map.of());

  /**
   * Writers remembered for retries. A writer is one node process, so this bounds how many node
   * restarts a partition remembers; a retry only ever follows its first attempt by seconds.
   */
  static final int MAX_WRITERS = 64;

  /** The last marked batch of a writer: its mark's sequence number, offsets and journal event. */
  public record LastWrite(long seq, long firstOffset, int count, long atSeqNr) implements CborSerializable {}

  /**
   * {@code producers}: for each persistent-query producer that appended here, the highest
   * sequence number appended, so that a query replaying after a crash never appends twice.
   * {@code writers}: the last marked batch of each recent writer (see {@link #MAX_WRITERS}).
   */
  public PartitionState {
    segments = List.copyOf(segments);
    producers = producers == null ? Map.of() : Map.copyOf(producers);
    writers = writers == null ? Map.of() : Map.copyOf(writers);
  }

  public PartitionState(long startOffset, long nextOffset, List<Segment> segments, boolean openSegment) {
    this(startOffset, nextOffset, segments, openSegment, Map.of(), Map.of());
  }

  /** The last batch {@code writer} appended here with a mark, or null. */
  public LastWrite lastWrite(String writer) {
    return writers.get(writer);
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
    Map<String, LastWrite> marks = writers;
    if (batch instanceof LogPartitionEntity.BatchAppended appended && appended.mark() != null) {
      marks = withWrite(appended.mark().writer(), new LastWrite(appended.mark().seq(), batch.firstOffset(), (int) count, seqNr));
    }
    return new PartitionState(start, batch.firstOffset() + count, next, open, seqs, marks);
  }

  /** The writers with this write, the one longest silent dropped beyond {@link #MAX_WRITERS}. */
  private Map<String, LastWrite> withWrite(String writer, LastWrite write) {
    Map<String, LastWrite> marks = new HashMap<>(writers);
    marks.put(writer, write);
    if (marks.size() > MAX_WRITERS) {
      String oldest = null;
      for (Map.Entry<String, LastWrite> e : marks.entrySet()) {
        if (oldest == null || e.getValue().atSeqNr() < marks.get(oldest).atSeqNr()) oldest = e.getKey();
      }
      marks.remove(oldest);
    }
    return marks;
  }

  /** The state after the segments up to journal event {@code deletedToSeqNr} were removed. */
  public PartitionState withDeletion(long deletedToSeqNr, long newStartOffset) {
    List<Segment> kept = new ArrayList<>();
    for (Segment s : segments) {
      if (s.toSeqNr() > deletedToSeqNr) kept.add(s);
    }
    boolean open = openSegment && !kept.isEmpty();
    long start = Math.max(startOffset, newStartOffset);
    return new PartitionState(start, Math.max(nextOffset, start), kept, open, producers, writers);
  }
}

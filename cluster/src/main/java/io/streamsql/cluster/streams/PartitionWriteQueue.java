package io.streamsql.cluster.streams;

import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.pekko.pattern.StatusReply;

/**
 * Group commit in front of one log partition, per node. A partition entity persists one batch at
 * a time, so while one append is in flight the appends of concurrent uploads wait here and are
 * then sent together as one {@link LogPartitionEntity.Append}: one journal write instead of
 * many. Each waiting append gets its own offsets out of the combined reply.
 *
 * <p>Its batches carry {@link LogPartitionEntity.WriterMark}s from {@code nextMark} (this node's
 * writer id and a growing batch number). One batch is in flight, and a queue only goes away once
 * it is idle and {@linkplain #retireIfIdle retired} (its successor for the partition starts after
 * that), so a partition sees a node's marks in order: a repeated mark is a retry, an older one a
 * stale copy (see {@link PartitionAppender}).
 */
public final class PartitionWriteQueue {
  private record Pending(List<StoredRecord> records, long bytes, CompletableFuture<LogPartitionEntity.Appended> done) {}

  private final BiFunction<List<StoredRecord>, LogPartitionEntity.WriterMark,
      CompletionStage<StatusReply<LogPartitionEntity.Appended>>> send;
  private final Supplier<LogPartitionEntity.WriterMark> nextMark;
  private final int maxRecords;
  private final long maxBytes;
  private final Runnable onIdle;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private boolean inFlight;
  private boolean retired;

  /**
   * @param send asks the partition entity to persist records as one journal event under a mark
   * @param nextMark the mark of the next batch
   */
  public PartitionWriteQueue(
      BiFunction<List<StoredRecord>, LogPartitionEntity.WriterMark, CompletionStage<StatusReply<LogPartitionEntity.Appended>>> send,
      Supplier<LogPartitionEntity.WriterMark> nextMark, int maxRecords, long maxBytes, Runnable onIdle) {
    this.send = send;
    this.nextMark = nextMark;
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.onIdle = onIdle;
  }

  /**
   * Completes with the offsets of these records once they are persisted, in submission order; or
   * null when this queue was retired (the caller takes the partition's current queue instead).
   */
  public CompletionStage<LogPartitionEntity.Appended> append(List<StoredRecord> records) {
    long bytes = 0;
    for (StoredRecord r : records) bytes += r.sizeInBytes();
    Pending p = new Pending(records, bytes, new CompletableFuture<>());
    boolean sendNow;
    synchronized (this) {
      if (retired) return null;
      pending.add(p);
      sendNow = !inFlight;
      inFlight = true;
    }
    if (sendNow) sendNext();
    return p.done();
  }

  private void sendNext() {
    List<Pending> batch = new ArrayList<>();
    int records = 0;
    long bytes = 0;
    synchronized (this) {
      while (!pending.isEmpty()) {
        Pending next = pending.peek();
        boolean fits = batch.isEmpty()
            || (records + next.records().size() <= maxRecords && bytes + next.bytes() <= maxBytes);
        if (!fits) break;
        pending.poll();
        batch.add(next);
        records += next.records().size();
        bytes += next.bytes();
      }
      if (batch.isEmpty()) {
        inFlight = false;
      }
    }
    if (batch.isEmpty()) {
      onIdle.run();
      return;
    }
    List<StoredRecord> merged;
    if (batch.size() == 1) {
      merged = batch.get(0).records();
    } else {
      merged = new ArrayList<>(records);
      for (Pending p : batch) merged.addAll(p.records());
    }
    send.apply(merged, nextMark.get()).whenComplete((reply, error) -> {
          Throwable failure = error != null ? error : reply.isError() ? reply.getError() : null;
          long offset = failure == null ? reply.getValue().firstOffset() : -1;
          for (Pending p : batch) {
            if (failure != null) {
              p.done().completeExceptionally(failure);
            } else {
              p.done().complete(new LogPartitionEntity.Appended(offset, p.records().size()));
              offset += p.records().size();
            }
          }
          sendNext();
        });
  }

  public synchronized boolean isIdle() {
    return !inFlight && pending.isEmpty();
  }

  /** Retires the queue if nothing is queued or in flight: it then takes no more appends. */
  synchronized boolean retireIfIdle() {
    if (inFlight || !pending.isEmpty()) return false;
    retired = true;
    return true;
  }
}

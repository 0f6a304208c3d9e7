package io.streamsql.cluster.streams;

import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.log.LiveFeed;
import io.streamsql.persistence.log.LogBatch;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.ArrayDeque;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import scala.runtime.BoxedUnit;

/**
 * Follows one log partition without polling: subscribes to the partition entity's live feed,
 * catches up from the journal ({@code currentEventsByPersistenceId}), then emits the live
 * batches. Offsets make the switch exact: a live batch the reader already has is dropped, and one
 * that starts beyond the next expected offset means batches were missed (the reader lagged and
 * its buffer filled, the partition skipped it for a full window, or the entity restarted or moved
 * and lost the subscription) — those are read from the journal, then the live feed resumes. The
 * subscription is renewed every heartbeat; the answer carries the partition's next offset, which
 * also reveals batches missed when no later batch came.
 *
 * <p>Memory is bounded: at most {@code bufferRecords} live records (or one batch) are held, the
 * journal is read only as fast as downstream pulls, and the partition sends no more than a window
 * of unacknowledged records. Fails on a failed journal query; the caller restarts it from the
 * {@link ReadCursor}, which moves only as records are pushed.
 */
final class LiveTailStage extends GraphStage<SourceShape<LogEntry>> {
  private final Outlet<LogEntry> out = Outlet.create("LiveTail.out");
  private final SourceShape<LogEntry> shape = SourceShape.of(out);
  private final String persistenceId;
  private final int partition;
  private final RecipientRef<LogPartitionEntity.Command> entity;
  private final CurrentEventsByPersistenceIdQuery journal;
  private final ReadCursor cursor;
  private final LiveTailSettings settings;

  LiveTailStage(
      String persistenceId, int partition, RecipientRef<LogPartitionEntity.Command> entity,
      CurrentEventsByPersistenceIdQuery journal, ReadCursor cursor, LiveTailSettings settings) {
    this.persistenceId = persistenceId;
    this.partition = partition;
    this.entity = entity;
    this.journal = journal;
    this.cursor = cursor;
    this.settings = settings;
  }

  @Override
  public SourceShape<LogEntry> shape() {
    return shape;
  }

  /** A live batch and when it arrived (counted), to tell whether a journal read must hold it. */
  private record Arrived(LiveFeed.LiveBatch batch, long arrival) {}

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      private ActorRef<LiveFeed> self;
      private final ArrayDeque<Arrived> live = new ArrayDeque<>();
      private int liveRecords;
      private long arrivals;
      /** The highest end offset the partition is known to have reached. */
      private long knownEnd;
      private long lastAcknowledged = -1;
      private LogBatch current;
      private int index;
      private SinkQueueWithCancel<EventEnvelope> journalRead;
      private boolean journalPulling;
      private long readStartArrivals;
      private long readStartOffset;
      private long readStartKnownEnd;
      /** The last journal read ended without moving the cursor although it began after {@code readStartArrivals}. */
      private boolean lastReadStalled;
      private AsyncCallback<Optional<EventEnvelope>> journalElement;
      private AsyncCallback<Throwable> journalFailed;

      {
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            deliver();
          }
        });
      }

      @Override
      public void preStart() {
        journalElement = createAsyncCallback(this::onJournalElement);
        journalFailed = createAsyncCallback(this::failStage);
        self = Adapter.toTyped(getStageActor(message -> {
          onFeed(message._2());
          return BoxedUnit.UNIT;
        }).ref());
        knownEnd = cursor.offsetFloor;
        // Subscribe first, then read the journal: whatever is persisted after the subscription
        // arrives live, whatever before is in the journal; overlaps are dropped by offset.
        subscribe();
        scheduleWithFixedDelay("heartbeat", settings.heartbeatInterval(), settings.heartbeatInterval());
        startJournalRead();
      }

      @Override
      public void postStop() {
        if (self != null) entity.tell(new LogPartitionEntity.Unsubscribe(self));
        if (journalRead != null) journalRead.cancel();
      }

      @Override
      public void onTimer(Object key) {
        subscribe();
        // A heartbeat answer may have shown missed batches while nothing else was happening.
        deliver();
      }

      private void subscribe() {
        lastAcknowledged = cursor.offsetFloor;
        entity.tell(new LogPartitionEntity.Subscribe(
            self, cursor.offsetFloor, settings.windowRecords(), settings.leaseMillis()));
      }

      private void onFeed(Object message) {
        if (message instanceof LiveFeed.LiveBatch batch) {
          knownEnd = Math.max(knownEnd, batch.endOffset());
          if (batch.endOffset() <= cursor.offsetFloor) return;
          // Over the bound the batch is dropped: the reader has lagged and reads it from the journal.
          if (!live.isEmpty() && liveRecords + batch.records().size() > settings.bufferRecords()) return;
          live.add(new Arrived(batch, ++arrivals));
          liveRecords += batch.records().size();
        } else if (message instanceof LiveFeed.Subscribed subscribed) {
          knownEnd = Math.max(knownEnd, subscribed.nextOffset());
        }
        deliver();
      }

      /** Pushes the next record if downstream wants one, fetching from the journal or the live buffer. */
      private void deliver() {
        while (isAvailable(out)) {
          if (current != null && index < current.records().size()) {
            StoredRecord r = current.records().get(index);
            long offset = current.firstOffset() + index++;
            if (cursor.admit(current.seqNr(), offset, r.timestamp())) {
              push(out, new LogEntry(partition, offset, r));
              acknowledgeIfHalfWindow();
            }
            continue;
          }
          current = null;
          if (journalRead != null) {
            if (!journalPulling) {
              journalPulling = true;
              journalRead.pull().whenComplete((element, failure) -> {
                if (failure != null) journalFailed.invoke(failure);
                else journalElement.invoke(element);
              });
            }
            return;
          }
          Arrived head = live.peek();
          if (head == null) {
            // Missed batches: read them, unless the last read found nothing although it began after
            // the partition had them (retention removed them); then wait to learn of more.
            if (knownEnd > cursor.offsetFloor && (!lastReadStalled || knownEnd > readStartKnownEnd)) startJournalRead();
            return;
          }
          if (head.batch().endOffset() <= cursor.offsetFloor) {
            takeLive();
            continue;
          }
          if (head.batch().firstOffset() > cursor.offsetFloor) {
            if (lastReadStalled && head.arrival() < readStartArrivals) {
              // The journal no longer holds the missing records (retention removed them): go on.
              cursor.offsetFloor = head.batch().firstOffset();
            } else {
              startJournalRead();
            }
            continue;
          }
          current = takeLive().batch();
          index = 0;
        }
      }

      private Arrived takeLive() {
        Arrived a = live.poll();
        liveRecords -= a.batch().records().size();
        return a;
      }

      // The partition sends at most a window of unacknowledged records; acknowledging at half of
      // it keeps a fast reader's feed flowing without a message per batch.
      private void acknowledgeIfHalfWindow() {
        if (cursor.offsetFloor - lastAcknowledged >= Math.max(1, settings.windowRecords() / 2)) subscribe();
      }

      private void startJournalRead() {
        readStartArrivals = arrivals + 1;
        readStartOffset = cursor.offsetFloor;
        readStartKnownEnd = knownEnd;
        lastReadStalled = false;
        journalRead = journal.currentEventsByPersistenceId(persistenceId, cursor.nextSeqNr, Long.MAX_VALUE)
            .runWith(Sink.queue(), materializer());
        journalPulling = false;
      }

      private void onJournalElement(Optional<EventEnvelope> element) {
        journalPulling = false;
        if (element.isEmpty()) {
          journalRead = null;
          lastReadStalled = cursor.offsetFloor == readStartOffset;
        } else if (element.get().event() instanceof LogBatch batch) {
          current = batch;
          index = 0;
        }
        deliver();
      }
    };
  }
}

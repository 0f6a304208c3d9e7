package io.streamsql.persistence.log;

import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.CborSerializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One partition of a log: assigns dense offsets to appended records and journals each appended
 * batch as one event. Retention removes whole segments: it persists {@link SegmentsDeleted} and
 * then deletes the journal events of those segments.
 */
public final class LogPartitionEntity
    extends EventSourcedBehaviorWithEnforcedReplies<LogPartitionEntity.Command, LogPartitionEntity.Event, PartitionState> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "LogPartition");

  // ---- commands ----
  public sealed interface Command extends CborSerializable {}

  /**
   * Appends records in order; the reply comes after they are persisted. With a {@code mark} the
   * append is idempotent: a writer that timed out waiting may send the same batch again under the
   * same mark, and gets the offsets of the first append instead of a second copy.
   */
  public record Append(
      List<StoredRecord> records, RetentionPolicy retention, WriterMark mark, ActorRef<StatusReply<Appended>> replyTo)
      implements Command {
    public Append(List<StoredRecord> records, RetentionPolicy retention, ActorRef<StatusReply<Appended>> replyTo) {
      this(records, retention, null, replyTo);
    }
  }

  /**
   * Identifies one batch of one writer (a node process): {@code seq} grows with every batch the
   * writer sends, a writer has one batch in flight per partition, and a retry carries the mark of
   * the batch it repeats.
   */
  public record WriterMark(String writer, long seq) implements CborSerializable {}

  public record Appended(long firstOffset, int count) implements CborSerializable {}

  /**
   * Appends the records of a persistent query exactly once: record i comes from producer
   * {@code producers[i]} with sequence {@code sequences[i]}, and is dropped when that producer
   * already appended that sequence or a later one (a replay after a crash).
   */
  public record AppendIdempotent(
      List<StoredRecord> records, List<String> producers, List<Long> sequences, RetentionPolicy retention,
      ActorRef<StatusReply<Appended>> replyTo) implements Command {}

  public record GetInfo(ActorRef<PartitionState> replyTo) implements Command {}

  /** Applies a retention policy now (time-based retention needs this without appends). */
  public record EnforceRetention(RetentionPolicy retention, ActorRef<StatusReply<PartitionState>> replyTo)
      implements Command {}

  /**
   * Registers (or refreshes) a live subscriber: every batch persisted from now on is sent to it as
   * a {@link LiveFeed.LiveBatch}, while it holds fewer than {@code window} records it has not
   * acknowledged. {@code acknowledgedOffset} is the offset after the last record it consumed;
   * re-sending this command is the subscriber's heartbeat and acknowledgement, and is answered
   * with {@link LiveFeed.Subscribed} carrying the partition's next offset, so a subscriber sees
   * batches it missed (and reads them from the journal). Without a refresh within
   * {@code leaseMillis} the subscription lapses. Subscriptions live in memory only.
   */
  public record Subscribe(ActorRef<LiveFeed> subscriber, long acknowledgedOffset, int window, long leaseMillis)
      implements Command {}

  /** Ends a live subscription (a subscriber that stops is also dropped when it terminates). */
  public record Unsubscribe(ActorRef<LiveFeed> subscriber) implements Command {}

  /** How many live subscribers this partition holds (for tests and diagnostics). */
  public record GetSubscriberCount(ActorRef<SubscriberCount> replyTo) implements Command {}

  public record SubscriberCount(int count) implements CborSerializable {}

  /** A watched subscriber terminated. Sent by this entity to itself only. */
  record SubscriberTerminated(ActorRef<LiveFeed> subscriber) implements Command {}

  // ---- events ----
  public sealed interface Event extends CborSerializable {}

  /**
   * One appended batch; the records have offsets firstOffset, firstOffset+1, … {@code seqNr} is
   * the journal sequence number of this event itself, recorded so that segments know their
   * journal range however the state was recovered. {@code mark} (null for unmarked appends)
   * is the writer's batch mark, kept in the state so that a retried batch is recognised.
   */
  public record BatchAppended(
      long seqNr, long firstOffset, List<StoredRecord> records, Map<String, Long> producerSeqs, WriterMark mark)
      implements Event, LogBatch {
    public BatchAppended {
      producerSeqs = producerSeqs == null ? Map.of() : producerSeqs;
    }

    public BatchAppended(long seqNr, long firstOffset, List<StoredRecord> records, Map<String, Long> producerSeqs) {
      this(seqNr, firstOffset, records, producerSeqs, null);
    }

    public BatchAppended(long seqNr, long firstOffset, List<StoredRecord> records) {
      this(seqNr, firstOffset, records, Map.of(), null);
    }
  }

  /** Segments up to and including journal event {@code deletedToSeqNr} were removed by retention. */
  public record SegmentsDeleted(long deletedToSeqNr, long newStartOffset) implements Event {}

  /** Settings a partition needs from configuration. */
  public record Settings(long segmentMaxRecords, long segmentMaxBytes, int snapshotEvery) {}

  public static String entityId(String stream, String incarnation, int partition) {
    return stream + ":" + incarnation + ":" + partition;
  }

  public static PersistenceId persistenceId(String entityId) {
    return PersistenceId.of(TYPE_KEY.name(), entityId);
  }

  public static Behavior<Command> create(
      String entityId, Settings settings, Clock clock, BiConsumer<String, Long> deleteEventsTo) {
    return create(entityId, settings, clock, deleteEventsTo, JournalWriteListener.NONE);
  }

  public static Behavior<Command> create(
      String entityId, Settings settings, Clock clock, BiConsumer<String, Long> deleteEventsTo,
      JournalWriteListener journalWrites) {
    return Behaviors.setup(ctx -> new LogPartitionEntity(ctx, entityId, settings, clock, deleteEventsTo, journalWrites));
  }

  private final ActorContext<Command> context;
  private final Settings settings;
  private final Clock clock;
  private final BiConsumer<String, Long> deleteEventsTo;
  private final JournalWriteListener journalWrites;
  // Not journaled: subscribers re-subscribe (their heartbeat) after a restart or a move.
  private final LiveSubscribers subscribers = new LiveSubscribers();

  private LogPartitionEntity(
      ActorContext<Command> context, String entityId, Settings settings, Clock clock, BiConsumer<String, Long> deleteEventsTo,
      JournalWriteListener journalWrites) {
    super(persistenceId(entityId));
    this.journalWrites = journalWrites;
    this.context = context;
    this.settings = settings;
    this.clock = clock;
    this.deleteEventsTo = deleteEventsTo;
  }

  @Override
  public PartitionState emptyState() {
    return PartitionState.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Snapshots only bound recovery time; events are the data and are never deleted by snapshots.
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, PartitionState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Append.class, this::onAppend)
        .onCommand(AppendIdempotent.class, this::onAppendIdempotent)
        .onCommand(GetInfo.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
        .onCommand(EnforceRetention.class, this::onEnforceRetention)
        .onCommand(Subscribe.class, this::onSubscribe)
        .onCommand(Unsubscribe.class, (state, cmd) -> {
          subscribers.remove(cmd.subscriber(), context);
          return Effect().noReply();
        })
        .onCommand(SubscriberTerminated.class, (state, cmd) -> {
          subscribers.forget(cmd.subscriber());
          return Effect().noReply();
        })
        .onCommand(GetSubscriberCount.class, (state, cmd) ->
            Effect().reply(cmd.replyTo(), new SubscriberCount(subscribers.count(clock.millis()))))
        .build();
  }

  private ReplyEffect<Event, PartitionState> onAppend(PartitionState state, Append cmd) {
    WriterMark mark = cmd.mark();
    PartitionState.LastWrite last = mark == null ? null : state.lastWrite(mark.writer());
    if (last != null && mark.seq() <= last.seq()) {
      if (mark.seq() == last.seq()) {
        return Effect().reply(cmd.replyTo(), StatusReply.success(new Appended(last.firstOffset(), last.count())));
      }
      // A writer has one batch in flight per partition, so an older mark is a retry whose answer
      // nobody waits for any more; appending it again would duplicate it.
      return Effect().reply(cmd.replyTo(), StatusReply.error("Batch " + mark.seq() + " of writer " + mark.writer()
          + " was superseded by batch " + last.seq()));
    }
    if (cmd.records().isEmpty()) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(new Appended(state.nextOffset(), 0)));
    }
    BatchAppended appended =
        new BatchAppended(lastSequenceNumber(context) + 1, state.nextOffset(), cmd.records(), Map.of(), mark);
    PartitionState after = apply(state, appended);
    SegmentsDeleted deleted = expired(after, cmd.retention());
    List<Event> events = deleted == null ? List.of(appended) : List.of(appended, deleted);
    Appended reply = new Appended(appended.firstOffset(), cmd.records().size());
    long started = System.nanoTime();
    return Effect()
        .persist(events)
        .thenRun(s -> {
          journalWrites.written(appended.records().size(), System.nanoTime() - started);
          subscribers.publish(appended, clock.millis());
          deleteJournalEvents(deleted);
        })
        .thenReply(cmd.replyTo(), s -> StatusReply.success(reply));
  }

  private ReplyEffect<Event, PartitionState> onAppendIdempotent(PartitionState state, AppendIdempotent cmd) {
    List<StoredRecord> fresh = new ArrayList<>();
    Map<String, Long> seqs = new HashMap<>();
    for (int i = 0; i < cmd.records().size(); i++) {
      String producer = cmd.producers().get(i);
      long seq = cmd.sequences().get(i);
      long seen = seqs.containsKey(producer) ? seqs.get(producer) : state.producerSeq(producer);
      if (seq <= seen) continue;
      fresh.add(cmd.records().get(i));
      seqs.put(producer, seq);
    }
    if (fresh.isEmpty()) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(new Appended(state.nextOffset(), 0)));
    }
    BatchAppended appended = new BatchAppended(lastSequenceNumber(context) + 1, state.nextOffset(), fresh, seqs);
    PartitionState after = apply(state, appended);
    SegmentsDeleted deleted = expired(after, cmd.retention());
    List<Event> events = deleted == null ? List.of(appended) : List.of(appended, deleted);
    Appended reply = new Appended(appended.firstOffset(), fresh.size());
    long started = System.nanoTime();
    return Effect()
        .persist(events)
        .thenRun(s -> {
          journalWrites.written(appended.records().size(), System.nanoTime() - started);
          subscribers.publish(appended, clock.millis());
          deleteJournalEvents(deleted);
        })
        .thenReply(cmd.replyTo(), s -> StatusReply.success(reply));
  }

  private ReplyEffect<Event, PartitionState> onSubscribe(PartitionState state, Subscribe cmd) {
    subscribers.subscribe(cmd, clock.millis(), context, SubscriberTerminated::new);
    return Effect().reply(cmd.subscriber(), new LiveFeed.Subscribed(state.nextOffset()));
  }

  private ReplyEffect<Event, PartitionState> onEnforceRetention(PartitionState state, EnforceRetention cmd) {
    SegmentsDeleted deleted = expired(state, cmd.retention());
    if (deleted == null) return Effect().reply(cmd.replyTo(), StatusReply.success(state));
    long started = System.nanoTime();
    return Effect()
        .persist(deleted)
        .thenRun(s -> {
          journalWrites.written(0, System.nanoTime() - started);
          deleteJournalEvents(deleted);
        })
        .thenReply(cmd.replyTo(), StatusReply::success);
  }

  private void deleteJournalEvents(SegmentsDeleted deleted) {
    if (deleted != null) deleteEventsTo.accept(persistenceId().id(), deleted.deletedToSeqNr());
  }

  /** The deletion a retention policy asks for in this state, or null when nothing expires. */
  SegmentsDeleted expired(PartitionState state, RetentionPolicy retention) {
    List<Segment> segments = state.segments();
    int drop = 0;
    if (retention instanceof RetentionPolicy.MaxRecords max) {
      long retained = state.retainedRecords();
      while (drop < segments.size() && retained - segments.get(drop).recordCount() >= max.count()) {
        retained -= segments.get(drop++).recordCount();
      }
    } else if (retention instanceof RetentionPolicy.MaxBytes max) {
      long retained = state.retainedBytes();
      while (drop < segments.size() && retained - segments.get(drop).bytes() >= max.bytes()) {
        retained -= segments.get(drop++).bytes();
      }
    } else if (retention instanceof RetentionPolicy.MaxAge max) {
      long cutoff = clock.millis() - max.age().toMillis();
      while (drop < segments.size() && segments.get(drop).maxTimestamp() < cutoff) drop++;
    }
    if (drop == 0) return null;
    Segment last = segments.get(drop - 1);
    return new SegmentsDeleted(last.toSeqNr(), last.endOffset());
  }

  @Override
  public EventHandler<PartitionState, Event> eventHandler() {
    return this::apply;
  }

  /** Pure state transition. */
  PartitionState apply(PartitionState state, Event event) {
    if (event instanceof BatchAppended batch) {
      return state.withBatch(batch, settings.segmentMaxRecords(), settings.segmentMaxBytes());
    }
    SegmentsDeleted deleted = (SegmentsDeleted) event;
    return state.withDeletion(deleted.deletedToSeqNr(), deleted.newStartOffset());
  }
}

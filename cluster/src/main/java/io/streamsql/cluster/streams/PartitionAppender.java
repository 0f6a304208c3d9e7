package io.streamsql.cluster.streams;

import io.streamsql.cluster.EntityAsks;
import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * Appends a batch to a log partition and, when the partition does not answer within
 * {@code attemptTimeout}, sends the same batch again until {@code deadline} has passed.
 *
 * <p>Why: a message to a partition whose node just died, or that arrived while the partition was
 * handed off to another node, is lost without an answer. Failing the request then (as a plain ask
 * would, after its whole timeout) turns every failover and rolling restart into failed writes;
 * retrying sooner finds the partition at its new home. Every attempt carries the batch's {@link
 * LogPartitionEntity.WriterMark}, so a retry of a batch that was persisted after all is answered
 * with its first offsets and never appended twice. The mark's writer must have no other batch in
 * flight to the partition ({@link PartitionWriteQueue} is such a writer).
 */
public final class PartitionAppender {
  private final Duration attemptTimeout;
  private final Duration deadline;

  public PartitionAppender(Duration attemptTimeout, Duration deadline) {
    this.attemptTimeout = attemptTimeout;
    this.deadline = deadline;
  }

  public CompletionStage<StatusReply<LogPartitionEntity.Appended>> append(
      EntityRef<LogPartitionEntity.Command> partition, List<StoredRecord> records, RetentionPolicy retention,
      LogPartitionEntity.WriterMark mark) {
    return EntityAsks.retrying(
        timeout -> partition.ask(r -> new LogPartitionEntity.Append(records, retention, mark, r), timeout),
        attemptTimeout, deadline);
  }
}

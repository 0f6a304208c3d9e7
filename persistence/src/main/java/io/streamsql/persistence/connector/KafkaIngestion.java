package io.streamsql.persistence.connector;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * Runs the consumer of one Kafka topic partition from {@code fromOffset}. For each batch it
 * appends the decoded records to the stream's log idempotently and only then asks the entity to
 * journal {@link KafkaSourcePartitionEntity.Ingested}; it waits for that answer before the next
 * batch. When its stream fails it tells the entity {@link KafkaSourcePartitionEntity.RunnerStopped}.
 */
public interface KafkaIngestion {
  /** A running consumer. */
  interface Running {
    /** Stops consuming; no {@code RunnerStopped} follows. */
    void stop();
  }

  Running run(KafkaSourceSpec spec, long fromOffset, ActorRef<KafkaSourcePartitionEntity.Command> entity);
}

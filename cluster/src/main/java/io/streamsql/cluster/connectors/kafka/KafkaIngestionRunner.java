package io.streamsql.cluster.connectors.kafka;

import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.log.Partitioner;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.connector.KafkaIngestion;
import io.streamsql.persistence.connector.KafkaSourcePartitionEntity;
import io.streamsql.persistence.connector.KafkaSourceSpec;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The consumer of one Kafka topic partition: pekko-connectors-kafka's plain source assigned to
 * the partition at the journaled offset (no consumer group, no Kafka commits: the offset lives in
 * the entity's journal). Messages are cut into batches; each batch is decoded, split by stream
 * partition and appended to every partition with the log's idempotent append (producer = the
 * topic partition, sequence = the Kafka offset); only when every share is persisted is the entity
 * asked to journal the next offset, and only then is the next batch appended.
 */
public final class KafkaIngestionRunner implements KafkaIngestion {
  private final ActorSystem<?> system;
  private final StreamService streams;
  private final KafkaSourceSettings settings;

  public KafkaIngestionRunner(ActorSystem<?> system, StreamService streams, KafkaSourceSettings settings) {
    this.system = system;
    this.streams = streams;
    this.settings = settings;
  }

  @Override
  public Running run(KafkaSourceSpec spec, long fromOffset, ActorRef<KafkaSourcePartitionEntity.Command> entity) {
    KafkaMessageDecoder decoder = new KafkaMessageDecoder(spec.format(), spec.keyFormat(), spec.columns());
    ConsumerSettings<byte[], byte[]> consumer = ConsumerSettings.create(system, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .withBootstrapServers(spec.brokers())
        .withProperties(spec.properties())
        .withProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
        // Only when the journaled offset is no longer in the topic (Kafka's retention removed it).
        .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    AtomicBoolean stopped = new AtomicBoolean();
    Pair<Consumer.Control, CompletionStage<Done>> running = Consumer
        .plainSource(consumer, Subscriptions.assignmentWithOffset(new TopicPartition(spec.topic(), spec.partition()), fromOffset))
        .groupedWeightedWithin(settings.batchBytes(), settings.batchRecords(), KafkaIngestionRunner::weight, settings.batchDelay())
        .mapAsync(1, batch -> ingest(spec, decoder, batch, entity, stopped))
        .toMat(Sink.ignore(), Keep.both())
        .run(system);
    running.second().whenComplete((done, error) -> {
      if (stopped.get()) return;
      String why = error == null ? "the consumer stream ended" : error.getMessage() == null ? error.toString() : error.getMessage();
      entity.tell(new KafkaSourcePartitionEntity.RunnerStopped(why));
    });
    return () -> {
      stopped.set(true);
      running.first().shutdown();
    };
  }

  private static long weight(ConsumerRecord<byte[], byte[]> m) {
    return 32L + (m.key() == null ? 0 : m.key().length) + (m.value() == null ? 0 : m.value().length);
  }

  private CompletionStage<Done> ingest(KafkaSourceSpec spec, KafkaMessageDecoder decoder, List<ConsumerRecord<byte[], byte[]>> batch,
      ActorRef<KafkaSourcePartitionEntity.Command> entity, AtomicBoolean stopped) {
    // A batch that reaches this point after a pause or delete is not appended: the entity's
    // offset stays before it, so a resumed consumer reads it again.
    if (stopped.get()) return CompletableFuture.completedFuture(Done.getInstance());
    return streams.cached(spec.stream())
        .thenCompose(def -> appendAll(spec, def, decoder, batch))
        .thenCompose(decoded -> AskPattern.<KafkaSourcePartitionEntity.Command, Done>ask(entity,
            reply -> new KafkaSourcePartitionEntity.Ingested(batch.get(batch.size() - 1).offset() + 1, decoded.records(), decoded.errors(),
                decoded.lastError(), reply),
            timeout(), system.scheduler()));
  }

  private record Decoded(long records, long errors, String lastError) {}

  private CompletionStage<Decoded> appendAll(KafkaSourceSpec spec, StreamDefinition def, KafkaMessageDecoder decoder,
      List<ConsumerRecord<byte[], byte[]>> batch) {
    int n = def.partitions();
    List<List<StoredRecord>> shares = new ArrayList<>(n);
    List<List<Long>> sequences = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      shares.add(new ArrayList<>());
      sequences.add(new ArrayList<>());
    }
    long errors = 0;
    String lastError = null;
    for (ConsumerRecord<byte[], byte[]> m : batch) {
      StoredRecord record;
      try {
        record = decoder.decode(m);
      } catch (KafkaMessageDecoder.Undecodable e) {
        errors++;
        lastError = e.getMessage();
        continue;
      }
      // Keyless messages go by topic partition, never round-robin: a replay must reach the same
      // stream partition, whose log then recognises the offsets it already holds.
      int p = Partitioner.partitionFor(record.key(), spec.partition(), n);
      shares.get(p).add(record);
      sequences.get(p).add(m.offset());
    }
    List<CompletableFuture<LogPartitionEntity.Appended>> appends = new ArrayList<>();
    String producer = spec.producerId();
    for (int p = 0; p < n; p++) {
      List<StoredRecord> share = shares.get(p);
      if (share.isEmpty()) continue;
      List<Long> seqs = sequences.get(p);
      appends.add(streams.partition(def, p).<LogPartitionEntity.Appended>askWithStatus(
          reply -> new LogPartitionEntity.AppendIdempotent(share, Collections.nCopies(share.size(), producer), seqs, def.retention(), reply),
          timeout()).toCompletableFuture());
    }
    long records = batch.size() - errors;
    String error = lastError;
    long errorCount = errors;
    return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).thenApply(done -> new Decoded(records, errorCount, error));
  }

  private Duration timeout() {
    return streams.settings().askTimeout();
  }
}

package io.streamsql.cluster.connectors.kafka;

import io.streamsql.cluster.streams.LogEntry;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.format.Json;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.connector.KafkaSinkCatalogEntity.Sink;
import io.streamsql.persistence.log.PartitionState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;

/**
 * Exports one partition of a stream to a Kafka topic exactly once. A transactional producer
 * (transactional.id from the sink and the partition, so a restarted exporter fences the old one)
 * writes each batch of the stream's records and, in the same transaction, commits the offset
 * after the batch as the sink's consumer-group offset on its companion topic. Committed together
 * or not at all: a restart reads that offset (only stable, committed offsets) and goes on from
 * it, so each record reaches read_committed consumers once. Kafka calls block, so they run on
 * {@code blocking} (one at a time per exporter), never on an actor thread.
 */
public final class KafkaSinkExporter implements KafkaSinkPartitionActor.Exporter {
  /** Live counters of one exporter. */
  public static final class Progress {
    final AtomicLong nextOffset = new AtomicLong(-1);
    final AtomicLong exported = new AtomicLong();
    final AtomicReference<String> error = new AtomicReference<>();
  }

  private final ActorSystem<?> system;
  private final StreamService streams;
  private final LogReader reader;
  private final KafkaSourceSettings settings;
  private final Executor blocking;

  KafkaSinkExporter(ActorSystem<?> system, StreamService streams, LogReader reader, KafkaSourceSettings settings, Executor blocking) {
    this.system = system;
    this.streams = streams;
    this.reader = reader;
    this.settings = settings;
    this.blocking = blocking;
  }

  /**
   * Starts exporting partition {@code p}; {@code onStopped} gets the error when it stops by
   * itself. The returned runnable stops it.
   */
  @Override
  public Runnable run(Sink sink, int p, Progress progress, Consumer<String> onStopped) {
    AtomicBoolean stopped = new AtomicBoolean();
    AtomicReference<UniqueKillSwitch> killSwitch = new AtomicReference<>();
    AtomicReference<KafkaProducer<byte[], byte[]>> producer = new AtomicReference<>();
    streams.get(sink.source())
        .thenCompose(def -> CompletableFuture.supplyAsync(() -> {
          KafkaProducer<byte[], byte[]> created = producer(sink, p);
          producer.set(created);
          created.initTransactions();
          return committedOffset(sink, p);
        }, blocking).thenCompose(committed -> start(sink, def, p, committed, producer.get())).thenApply(from -> Pair.create(def, from)))
        .thenAccept(defAndFrom -> {
          if (stopped.get()) return;
          progress.nextOffset.set(defAndFrom.second());
          TopicPartition offsetsPartition = new TopicPartition(sink.offsetsTopic(), p);
          ConsumerGroupMetadata group = new ConsumerGroupMetadata(sink.group());
          Pair<UniqueKillSwitch, CompletionStage<Done>> running = reader
              .read(defAndFrom.first(), p, new ReadPosition.AtOffset(defAndFrom.second()), true)
              .groupedWeightedWithin(settings.batchBytes(), settings.batchRecords(), e -> weight(e.record()), settings.batchDelay())
              .viaMat(KillSwitches.single(), Keep.right())
              .mapAsync(1, batch -> CompletableFuture.supplyAsync(() -> {
                long next = transact(sink, producer.get(), batch, offsetsPartition, group);
                progress.nextOffset.set(next);
                progress.exported.addAndGet(batch.size());
                progress.error.set(null);
                return Done.getInstance();
              }, blocking))
              .toMat(org.apache.pekko.stream.javadsl.Sink.ignore(), Keep.both())
              .run(system);
          killSwitch.set(running.first());
          if (stopped.get()) running.first().shutdown();
          running.second().whenComplete((done, error) -> finish(stopped, producer, error, onStopped));
        })
        .whenComplete((ok, error) -> {
          if (error != null) finish(stopped, producer, error, onStopped);
        });
    return () -> {
      stopped.set(true);
      UniqueKillSwitch k = killSwitch.get();
      if (k != null) k.shutdown();
    };
  }

  private void finish(AtomicBoolean stopped, AtomicReference<KafkaProducer<byte[], byte[]>> producer, Throwable error, Consumer<String> onStopped) {
    KafkaProducer<byte[], byte[]> p = producer.getAndSet(null);
    if (p != null) CompletableFuture.runAsync(() -> p.close(Duration.ofSeconds(5)), blocking);
    if (!stopped.get()) {
      Throwable t = error;
      while (t != null && t.getCause() != null && (t instanceof java.util.concurrent.CompletionException)) t = t.getCause();
      onStopped.accept(t == null ? "the stream's feed ended" : t.getMessage() == null ? t.toString() : t.getMessage());
    }
  }

  private static long weight(StoredRecord r) {
    return 32L + (r.key() == null ? 0 : r.key().length()) + (r.value() == null ? 0 : r.value().length);
  }

  /** One transaction: the batch's messages and the offset after it, committed together. */
  private static long transact(Sink sink, KafkaProducer<byte[], byte[]> producer, List<LogEntry> batch, TopicPartition offsetsPartition,
      ConsumerGroupMetadata group) {
    long next = batch.get(batch.size() - 1).offset() + 1;
    producer.beginTransaction();
    try {
      for (LogEntry e : batch) producer.send(message(sink.topic(), e.record()));
      producer.sendOffsetsToTransaction(Map.of(offsetsPartition, new OffsetAndMetadata(next)), group);
      producer.commitTransaction();
    } catch (RuntimeException e) {
      try {
        producer.abortTransaction();
      } catch (RuntimeException fenced) {
        e.addSuppressed(fenced);
      }
      throw e;
    }
    return next;
  }

  /** The record's key as the message key (a JSON string as its text, other JSON as JSON text), the value's JSON bytes. */
  static ProducerRecord<byte[], byte[]> message(String topic, StoredRecord r) {
    byte[] key = null;
    if (r.key() != null) {
      String text = r.key();
      if (text.startsWith("\"")) {
        try {
          text = Json.MAPPER.readTree(text).asText();
        } catch (java.io.IOException notJson) {
          // stored keys are JSON; keep the text as it is otherwise
        }
      }
      key = text.getBytes(StandardCharsets.UTF_8);
    }
    ProducerRecord<byte[], byte[]> m = new ProducerRecord<>(topic, null, r.timestamp(), key, r.value());
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      m.headers().add(new RecordHeader(h.getKey(), h.getValue() == null ? null : Base64.getDecoder().decode(h.getValue())));
    }
    return m;
  }

  /**
   * Where to start: the committed offset, or (nothing committed yet) the partition's first or next
   * offset by {@code from}, committed at once in an empty transaction so that the choice of
   * "latest" survives a restart.
   */
  private CompletionStage<Long> start(Sink sink, StreamDefinition def, int p, Long committed, KafkaProducer<byte[], byte[]> producer) {
    if (committed != null) return CompletableFuture.completedFuture(committed);
    return streams.partition(def, p).<PartitionState>ask(io.streamsql.persistence.log.LogPartitionEntity.GetInfo::new,
            streams.settings().askTimeout())
        .thenApplyAsync(state -> {
          long from = "latest".equals(sink.from()) ? state.nextOffset() : state.startOffset();
          producer.beginTransaction();
          producer.sendOffsetsToTransaction(Map.of(new TopicPartition(sink.offsetsTopic(), p), new OffsetAndMetadata(from)),
              new ConsumerGroupMetadata(sink.group()));
          producer.commitTransaction();
          return from;
        }, blocking);
  }

  private Long committedOffset(Sink sink, int p) {
    try (Admin admin = admin(sink)) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin
          .listConsumerGroupOffsets(sink.group(), new ListConsumerGroupOffsetsOptions().requireStable(true))
          .partitionsToOffsetAndMetadata().get(settings.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
      OffsetAndMetadata o = offsets.get(new TopicPartition(sink.offsetsTopic(), p));
      return o == null ? null : o.offset();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read the committed offsets of group " + sink.group() + ": " + e.getMessage(), e);
    }
  }

  private Admin admin(Sink sink) {
    Properties props = new Properties();
    props.putAll(sink.properties());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sink.brokers());
    // Kafka refuses an API timeout below the request timeout: both are the admin timeout.
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.adminTimeout().toMillis());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.adminTimeout().toMillis());
    return Admin.create(props);
  }

  private KafkaProducer<byte[], byte[]> producer(Sink sink, int p) {
    Properties props = new Properties();
    props.putAll(sink.properties());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sink.brokers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, sink.transactionalId(p));
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.adminTimeout().toMillis());
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }
}

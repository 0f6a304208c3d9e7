package io.streamsql.cluster.connectors.kafka;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What the connectors ask a Kafka cluster: a topic's partition count and its end offsets. Each
 * question uses a short-lived admin client (its calls are asynchronous; closing it happens on
 * {@code closer}, never on the client's own network thread).
 */
public final class KafkaTopics {
  private final Duration timeout;
  private final Executor closer;

  public KafkaTopics(Duration timeout, Executor closer) {
    this.timeout = timeout;
    this.closer = closer;
  }

  public CompletionStage<Integer> partitionCount(String brokers, Map<String, String> properties, String topic) {
    Admin admin = admin(brokers, properties);
    return admin.describeTopics(List.of(topic)).allTopicNames().toCompletionStage()
        .handleAsync((topics, error) -> {
          admin.close(Duration.ZERO);
          if (error != null) throw failure(error, brokers, topic);
          return topics.get(topic).partitions().size();
        }, closer);
  }

  /** Creates the topic; one that already exists is fine. */
  public CompletionStage<Void> createTopic(String brokers, Map<String, String> properties, org.apache.kafka.clients.admin.NewTopic topic) {
    Admin admin = admin(brokers, properties);
    return admin.createTopics(List.of(topic)).all().toCompletionStage()
        .handleAsync((done, error) -> {
          admin.close(Duration.ZERO);
          Throwable t = error;
          while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
          if (t != null && !(t instanceof org.apache.kafka.common.errors.TopicExistsException)) throw failure(t, brokers, topic.name());
          return null;
        }, closer);
  }

  /** Partition → the offset the next produced message will get. */
  public CompletionStage<Map<Integer, Long>> endOffsets(String brokers, Map<String, String> properties, String topic, int partitions) {
    Admin admin = admin(brokers, properties);
    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
    for (int p = 0; p < partitions; p++) ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
    return admin.listOffsets(ask).all().toCompletionStage()
        .handleAsync((offsets, error) -> {
          admin.close(Duration.ZERO);
          if (error != null) throw failure(error, brokers, topic);
          Map<Integer, Long> ends = new HashMap<>();
          for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : offsets.entrySet()) {
            ends.put(e.getKey().partition(), e.getValue().offset());
          }
          return ends;
        }, closer);
  }

  private Admin admin(String brokers, Map<String, String> properties) {
    Properties props = new Properties();
    props.putAll(properties);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    int ms = (int) timeout.toMillis();
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    return Admin.create(props);
  }

  private static StreamSqlException failure(Throwable error, String brokers, String topic) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    if (t instanceof UnknownTopicOrPartitionException) {
      return new StreamSqlException(ErrorCode.INVALID_REQUEST, "Topic '" + topic + "' does not exist on Kafka brokers " + brokers,
          Map.of("topic", topic, "brokers", brokers));
    }
    return new StreamSqlException(ErrorCode.INVALID_REQUEST, "Cannot reach Kafka brokers " + brokers + " for topic '" + topic + "': "
        + (t.getMessage() == null ? t.toString() : t.getMessage()), Map.of("topic", topic, "brokers", brokers));
  }
}

package io.streamsql.cluster.log;

import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The one way to write records to a log (the log of a stream, the topic of the same name).
 * Uploads to streams and {@code POST /v1/topics/{t}/records} go through it.
 */
public interface LogWriter {
  /**
   * Appends records to the named log. Each record goes to its own partition, or the one
   * {@link io.streamsql.core.log.Partitioner#partitionFor} chooses; records of one partition keep
   * their order. Completes, once every partition has persisted its share, with what was appended
   * per partition (the first offset and the count); fails with a
   * {@link io.streamsql.core.error.StreamSqlException} ({@code stream_not_found}, {@code
   * invalid_request} for a partition the log does not have, {@code journal_unavailable}).
   */
  CompletionStage<Map<Integer, LogPartitionEntity.Appended>> append(String log, List<LogRecord> records);
}

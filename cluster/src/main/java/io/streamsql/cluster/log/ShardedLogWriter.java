package io.streamsql.cluster.log;

import io.streamsql.cluster.EntityAsks;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Writes logs through their sharded partition entities: the definition comes from the node's
 * stream definition cache, each partition's share goes through that partition's group-commit
 * queue, so concurrent writers share journal writes.
 */
public final class ShardedLogWriter implements LogWriter {
  private final StreamService streams;

  public ShardedLogWriter(StreamService streams) {
    this.streams = streams;
  }

  @Override
  public CompletionStage<Map<Integer, LogPartitionEntity.Appended>> append(String log, List<LogRecord> records) {
    return streams.cached(log).thenCompose(def -> append(def, records));
  }

  private CompletionStage<Map<Integer, LogPartitionEntity.Appended>> append(StreamDefinition def, List<LogRecord> records) {
    return PartitionedAppend.append(def.partitions(), records, (p, share) -> streams.append(def, p, share))
        .handle((appended, failure) -> {
          if (failure != null) throw EntityAsks.translate(failure, "Appending to stream '" + def.name() + "'");
          return appended;
        });
  }
}

package io.streamsql.cluster.streams;

import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Something partitioned that uploads append records to: a stream, or the rows of a table. */
public interface AppendTarget {
  /** For error messages, e.g. "stream 'clicks'". */
  String describe();

  int partitions();

  /** Null when records may be keyless; otherwise the key field every record must carry. */
  String requiredKeyField();

  /** Persists records in one partition, in order; completes with their first offset. */
  CompletionStage<LogPartitionEntity.Appended> append(int partition, List<StoredRecord> records);
}

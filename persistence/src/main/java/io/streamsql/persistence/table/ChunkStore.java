package io.streamsql.persistence.table;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Where table partitions keep the chunks of their snapshots, so that no stored blob grows with
 * the table: the Pekko snapshot itself only names the chunks.
 */
public interface ChunkStore {
  CompletionStage<Done> write(String persistenceId, String snapshotId, List<byte[]> chunks);

  CompletionStage<List<byte[]>> read(String persistenceId, String snapshotId, int chunks);

  CompletionStage<Done> delete(String persistenceId, String snapshotId);

  /** Deletes every chunk set of a partition, e.g. when its table is dropped. */
  CompletionStage<Done> deleteAll(String persistenceId);
}

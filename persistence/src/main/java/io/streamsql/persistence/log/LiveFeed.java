package io.streamsql.persistence.log;

import io.streamsql.core.log.StoredRecord;
import io.streamsql.persistence.CborSerializable;
import java.util.List;

/** What a log partition sends its live subscribers (see {@link LogPartitionEntity.Subscribe}). */
public sealed interface LiveFeed extends CborSerializable {

  /**
   * A batch just persisted as journal event {@code seqNr}; its records have offsets
   * firstOffset, firstOffset+1, …
   */
  record LiveBatch(long seqNr, long firstOffset, List<StoredRecord> records) implements LiveFeed, LogBatch {
    public long endOffset() {
      return firstOffset + records.size();
    }
  }

  /**
   * The answer to every subscribe (and heartbeat): the partition's next offset when it was sent.
   * Every batch below it was persisted before, and every batch at or after it is sent live, so a
   * subscriber that has not seen records up to it reads them from the journal.
   */
  record Subscribed(long nextOffset) implements LiveFeed {}
}

package io.streamsql.persistence.log;

import io.streamsql.core.log.StoredRecord;
import java.util.List;

/**
 * A journal event that appends records to a log partition: stream partitions and table
 * changelogs both persist one. {@code seqNr} is the event's own journal sequence number; the
 * records have offsets firstOffset, firstOffset+1, …
 */
public interface LogBatch {
  long seqNr();

  long firstOffset();

  List<StoredRecord> records();

  /** For appends of persistent queries: the highest sequence number per producer in this batch. */
  default java.util.Map<String, Long> producerSeqs() {
    return java.util.Map.of();
  }
}

package io.streamsql.core.pipeline.ingress;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A body or query parameter that does not describe changes. {@link #record()} is the 1-based
 * number of the input record at fault (0 when the error is about the query parameters), so the
 * client can find and fix that record; it is also in {@link #details()} as {@code record}.
 */
public final class IngressFormatException extends StreamSqlException {
  private final long record;
  /** Changes of the records before this one that the same chunk completed: they are valid and may be ingested. */
  private List<Change> decodedBefore = List.of();

  public IngressFormatException(long record, String message) {
    this(record, message, Map.of(), null);
  }

  public IngressFormatException(long record, String message, Map<String, Object> details, Throwable cause) {
    super(ErrorCode.MALFORMED_RECORD, message, withRecord(record, details), cause);
    this.record = record;
  }

  public long record() {
    return record;
  }

  /** The changes decoded from the same chunk before the fault (the records before it are fine). */
  public List<Change> decodedBefore() {
    return decodedBefore;
  }

  IngressFormatException withDecodedBefore(List<Change> changes) {
    this.decodedBefore = List.copyOf(changes);
    return this;
  }

  private static Map<String, Object> withRecord(long record, Map<String, Object> details) {
    Map<String, Object> all = new LinkedHashMap<>(details);
    all.put("record", record);
    return all;
  }
}

package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.fn.DateTimeFunctions;
import io.streamsql.core.sql.serde.Serde;
import java.time.Instant;
import java.util.List;

/** Where a source takes ROWTIME from (its TIMESTAMP property): a BIGINT, TIMESTAMP or formatted STRING column. */
public record TimestampSource(int slot, SqlType type, String format) {
  /** The source's timestamp column, read from a row laid out as the source's columns from {@code base}; null without one. */
  public static TimestampSource of(SourceSchema s) {
    if (s.timestampColumn() == null) return null;
    List<Serde.Column> all = s.allColumns();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).name().equals(s.timestampColumn())) return new TimestampSource(i, all.get(i).type(), s.timestampFormat());
    }
    return null;
  }

  /** The record's time from the row, or -1 when the column is null. */
  public long extract(Object[] row) {
    Object v = row[slot];
    if (v == null) return -1;
    if (v instanceof Instant t) return t.toEpochMilli();
    if (v instanceof Long l) return l;
    return DateTimeFunctions.stringToTimestamp((String) v, format);
  }
}

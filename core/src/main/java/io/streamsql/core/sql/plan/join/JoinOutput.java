package io.streamsql.core.sql.plan.join;

import io.streamsql.core.log.WindowedKey;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.expr.Eval;
import io.streamsql.core.sql.expr.RowErrors;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.core.sql.plan.ProcessingLog;
import io.streamsql.core.sql.plan.RecordJson;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.serde.JsonValues;
import io.streamsql.core.sql.serde.RecordSerde;
import io.streamsql.core.sql.serde.Serde;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The last operators of a join: the joined row is filtered by WHERE, projected and written as the
 * sink's key and value. A table result writes a tombstone where a row was deleted or the WHERE
 * drops it. A failing expression is null and reported, as in a stateless query.
 */
final class JoinOutput {
  private final JoinedRows rows;
  private final Eval filter;
  private final String filterText;
  private final Eval[] keys;
  private final Eval[] values;
  private final String[] valueNames;
  private final RecordSerde keyOut;
  private final RecordSerde valueOut;
  private final boolean table;
  private final int width;
  private final SqlType joinKeyType;
  private final boolean windowedSink;
  private final int timestampValue;
  private final int timestampKey;
  private final ProcessingLog log;
  private InputRecord current;

  JoinOutput(JoinedRows rows, Eval filter, String filterText, Eval[] keys, Eval[] values, String[] valueNames, SourceSchema sink,
      int width, SqlType joinKeyType, ProcessingLog log) {
    this.rows = rows;
    this.filter = filter;
    this.filterText = filterText;
    this.keys = keys;
    this.values = values;
    this.valueNames = valueNames;
    this.keyOut = new RecordSerde(sink.keySerde(), "key");
    this.valueOut = new RecordSerde(sink.valueSerde(), "value");
    this.table = sink.isTable();
    this.width = width;
    this.joinKeyType = joinKeyType;
    this.windowedSink = sink.isWindowed();
    this.timestampValue = indexOf(sink.valueColumns(), sink.timestampColumn());
    this.timestampKey = indexOf(sink.keyColumns(), sink.timestampColumn());
    this.log = log;
  }

  private static int indexOf(List<Serde.Column> columns, String name) {
    if (name == null) return -1;
    for (int i = 0; i < columns.size(); i++) if (columns.get(i).name().equals(name)) return i;
    return -1;
  }

  void current(InputRecord in) {
    this.current = in;
  }

  void emit(SideRecord.Joined joined, boolean deleted, String joinKey, SideRecord.Joined before, Consumer<OutputRecord> out) {
    InputRecord in = current;
    Object keyValue = null;
    if (joinKeyType != null && joinKey != null) {
      String inner = joinKey.startsWith("{\"key\"") ? WindowedKey.parse(joinKey).keyJson() : joinKey;
      keyValue = JsonValues.read(RecordJson.read(inner), joinKeyType, "join key");
    }
    Object[] row = rows.row(joined, keyValue, (RowErrors) (message, error) -> log.error(message + ": " + error, in), width);
    boolean tombstone = deleted;
    if (!tombstone && filter != null && !passes(row, in)) {
      if (!table) return;
      tombstone = true;
    }
    // A table result deletes only a row it holds: the row this change replaced must have been written.
    if (tombstone && table && filter != null && before != JoinProcessor.UNKNOWN_BEFORE && (before == null || !passes(rows.row(before, keyValue, (m, e) -> {}, width), in))) return;
    Object[] k = new Object[keys.length];
    for (int i = 0; i < k.length; i++) k[i] = evaluate(keys[i], row, "Error computing the key of the joined row", in);
    String keyJson = keyOut.writeText(k);
    if (windowedSink) {
      SideRecord windowed = firstWindowed(joined);
      if (windowed != null) {
        WindowedKey w = WindowedKey.parse(windowed.keyJson());
        keyJson = new WindowedKey(keyJson, w.start(), w.end()).text();
      }
    }
    long time = joined.timestamp();
    if (tombstone) {
      out.accept(new OutputRecord(keyJson, null, time));
      return;
    }
    Object[] v = new Object[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = evaluate(values[i], row, "Error computing expression for column " + valueNames[i] + " with index " + i, in);
    }
    if (timestampValue >= 0 || timestampKey >= 0) {
      Object t = timestampValue >= 0 ? v[timestampValue] : k[timestampKey];
      if (t instanceof Instant instant) time = instant.toEpochMilli();
      else if (t instanceof Number n) time = n.longValue();
    }
    if (time < 0) {
      log.error("Skipping a record with a negative timestamp " + time, in);
      return;
    }
    byte[] value;
    try {
      value = valueOut.writeBytes(v);
    } catch (RuntimeException e) {
      log.error("Error serializing the joined row: " + e, in);
      return;
    }
    out.accept(new OutputRecord(keyJson, value, time));
  }

  private static SideRecord firstWindowed(SideRecord.Joined joined) {
    for (SideRecord r : joined.sides()) if (r != null && r.keyJson() != null && r.keyJson().startsWith("{\"key\"")) return r;
    return null;
  }

  private boolean passes(Object[] row, InputRecord in) {
    try {
      return Boolean.TRUE.equals(filter.eval(row));
    } catch (RuntimeException e) {
      log.error("Error evaluating predicate " + filterText + ": " + e, in);
      return false;
    }
  }

  private Object evaluate(Eval e, Object[] row, String message, InputRecord in) {
    try {
      return e.eval(row);
    } catch (RuntimeException ex) {
      log.error(message + ": " + ex, in);
      return null;
    }
  }
}

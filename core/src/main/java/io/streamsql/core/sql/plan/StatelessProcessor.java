package io.streamsql.core.sql.plan;

import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.Eval;
import io.streamsql.core.sql.expr.RowErrors;
import io.streamsql.core.sql.serde.DeserializationException;
import io.streamsql.core.sql.serde.RecordSerde;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.core.log.WindowedKey;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The operator chain of a stateless query: deserialize key and value into a row, set the
 * pseudo-columns, filter, project, serialize. For a table, a tombstone or a filtered-out row
 * becomes a tombstone of the output key. Bad records and failing expressions go to the
 * processing log with the record, as ksqlDB's ProcessingLogger gets them: a record that cannot be
 * read or written is skipped, a failing WHERE drops the record, a failing expression is null. No
 * error of one record stops the query.
 */
final class StatelessProcessor implements QueryProcessor {
  private final boolean table;
  private final RecordSerde keyIn;
  private final RecordSerde valueIn;
  private final RecordSerde keyOut;
  private final RecordSerde valueOut;
  private final Eval filter;
  private final String filterText;
  private final Eval[] keyExprs;
  private final boolean[] keyNullOnTombstone;
  private final Eval[] valueExprs;
  private final String[] keyErrors;
  private final String[] valueErrors;
  private final TableFunction[] tableFunctions;
  private final int width;
  private final int keyCount;
  private final HeaderColumn[] headerColumns;
  private final int firstHeader;
  private final int rowtime;
  private final int errorSlot;
  private final String sinkTopic;
  private final TimestampSource sourceTime;
  private final int sinkTimestampColumn;
  private final int sinkTimestampKey;
  private final ProcessingLog log;
  /** Without PARTITION BY the key passes through: a record without a key gives an output without one. */
  private final boolean keyPassesThrough;
  /** A windowed source's keys are WindowedKeys; their bounds fill these slots (-1: not windowed). */
  private final int windowStartSlot;
  /** Whether output keys keep the input record's window (the sink is windowed). */
  private final boolean windowedOutput;

  StatelessProcessor(
      SourceSchema source, SourceSchema sink, CompiledExpr filter, List<QueryPlanner.OutColumn> columns, int width, ProcessingLog log,
      boolean keyPassesThrough) {
    this.keyPassesThrough = keyPassesThrough;
    this.table = source.isTable();
    this.keyIn = new RecordSerde(source.keySerde(), "key");
    this.valueIn = new RecordSerde(source.valueSerde(), "value");
    this.keyOut = new RecordSerde(sink.keySerde(), "key");
    this.valueOut = new RecordSerde(sink.valueSerde(), "value");
    this.filter = filter == null ? null : filter.eval();
    this.filterText = filter == null ? null : filter.text();
    this.keyExprs = columns.stream().filter(QueryPlanner.OutColumn::key).map(c -> c.expr().eval()).toArray(Eval[]::new);
    List<QueryPlanner.OutColumn> keyColumns = columns.stream().filter(QueryPlanner.OutColumn::key).toList();
    this.keyNullOnTombstone = new boolean[keyColumns.size()];
    for (int i = 0; i < keyNullOnTombstone.length; i++) keyNullOnTombstone[i] = keyColumns.get(i).nullOnTombstone();
    this.valueExprs = columns.stream().filter(c -> !c.key()).map(c -> c.expr().eval()).toArray(Eval[]::new);
    this.keyErrors = errorMessages(columns, true);
    this.valueErrors = errorMessages(columns, false);
    TableFunction[] tfs = columns.stream().filter(c -> !c.key()).map(QueryPlanner.OutColumn::tableFunction).toArray(TableFunction[]::new);
    this.tableFunctions = java.util.Arrays.stream(tfs).anyMatch(java.util.Objects::nonNull) ? tfs : null;
    this.width = width;
    this.keyCount = source.keyColumns().size();
    this.headerColumns = source.headerColumns().toArray(HeaderColumn[]::new);
    this.firstHeader = source.keyColumns().size() + source.valueColumns().size();
    this.rowtime = firstHeader + headerColumns.length;
    // Row layout (QueryPlanner's scope): key, value and header columns, ROWTIME, ROWPARTITION, ROWOFFSET, the record's RowErrors.
    this.errorSlot = rowtime + 3;
    this.sinkTopic = sink.topic();
    this.sourceTime = TimestampSource.of(source);
    int ts = -1;
    if (sink.timestampColumn() != null) {
      List<Serde.Column> vs = sink.valueColumns();
      for (int i = 0; i < vs.size(); i++) if (vs.get(i).name().equals(sink.timestampColumn())) ts = i;
    }
    this.sinkTimestampColumn = ts;
    int tk = -1;
    if (sink.timestampColumn() != null) {
      List<Serde.Column> ks = sink.keyColumns();
      for (int i = 0; i < ks.size(); i++) if (ks.get(i).name().equals(sink.timestampColumn())) tk = i;
    }
    this.sinkTimestampKey = tk;
    this.log = log;
    this.windowStartSlot = source.isWindowed() ? errorSlot + 1 : -1;
    this.windowedOutput = source.isWindowed() && sink.isWindowed();
  }

  /**
   * ksqlDB's processing-log text for a failing column: "Error computing expression X for column C
   * with index i" (SelectValueMapper), for a key "Error computing new key from expression X" (PARTITION BY).
   */
  private static String[] errorMessages(List<QueryPlanner.OutColumn> columns, boolean keys) {
    List<QueryPlanner.OutColumn> side = columns.stream().filter(c -> c.key() == keys).toList();
    String[] out = new String[side.size()];
    for (int i = 0; i < out.length; i++) {
      String text = side.get(i).expr().text();
      out[i] = keys ? "Error computing new key from expression " + text
          : "Error computing expression " + text + " for column " + side.get(i).name() + " with index " + i;
    }
    return out;
  }

  @Override
  public void process(InputRecord in, Consumer<OutputRecord> out) {
    try {
      processRecord(in, out);
    } catch (RuntimeException e) {
      // Whatever else goes wrong with one record (a key the sink format cannot write), the query goes on without it.
      log.error("Error processing record: " + describe(e), in);
    }
  }

  private void processRecord(InputRecord in, Consumer<OutputRecord> out) {
    Object[] row = new Object[width];
    boolean tombstone;
    String keyText = in.keyJson();
    if (windowStartSlot >= 0 && keyText != null) {
      // A windowed record's key is {"key":…,"start":S,"end":E}: the key columns come from the inner key.
      WindowedKey windowed;
      try {
        windowed = WindowedKey.parse(keyText);
      } catch (IllegalArgumentException e) {
        log.error("Failed to deserialize record: " + e.getMessage(), in);
        return;
      }
      keyText = windowed.keyJson();
      row[windowStartSlot] = windowed.start();
      row[windowStartSlot + 1] = windowed.end();
    }
    try {
      keyIn.readText(keyText, row, 0);
      tombstone = !valueIn.readBytes(in.valueJson(), row, keyCount);
    } catch (DeserializationException e) {
      log.error("Failed to deserialize record: " + e.getMessage(), in);
      return;
    }
    try {
      for (int i = 0; i < headerColumns.length; i++) row[firstHeader + i] = headerColumns[i].read(in.headers());
    } catch (IllegalArgumentException e) {
      log.error("Failed to read the record's headers (values must be base64): " + e.getMessage(), in);
      return;
    }
    if (table && in.keyJson() == null) {
      log.error("Skipping record with a null key: a table row needs a key", in);
      return;
    }
    // A stream record without a value passes through a plain projection as a record without a value.
    if (tombstone && !table && filter != null) return;
    long timestamp = in.timestamp();
    if (!tombstone && sourceTime != null) {
      try {
        timestamp = sourceTime.extract(row);
      } catch (RuntimeException e) {
        log.error("Failed to extract the timestamp: " + e.getMessage(), in);
        return;
      }
      if (timestamp < 0) {
        log.error("Skipping record with a negative or missing timestamp", in);
        return;
      }
    }
    row[rowtime] = timestamp;
    row[rowtime + 1] = in.partition();
    row[rowtime + 2] = in.offset();
    row[errorSlot] = (RowErrors) (message, error) -> log.error(message + ": " + describe(error), in);
    if (!tombstone && filter != null && !passesFilter(row, in)) {
      // A table row the WHERE drops is deleted downstream, as ksqlDB's table filter does.
      if (table) out.accept(new OutputRecord(keyJson(keys(row, in, false), in, row), null, timestamp));
      return;
    }
    Object[] keys = keys(row, in, tombstone);
    String keyJson = keyJson(keys, in, row);
    if (tombstone) {
      out.accept(new OutputRecord(keyJson, null, timestamp));
      return;
    }
    Object[] values = new Object[valueExprs.length];
    for (int i = 0; i < values.length; i++) values[i] = evaluate(valueExprs[i], row, in, valueErrors[i]);
    long outTime = timestamp;
    if (sinkTimestampColumn >= 0 || sinkTimestampKey >= 0) {
      Object t = sinkTimestampColumn >= 0 ? values[sinkTimestampColumn] : keys[sinkTimestampKey];
      if (t instanceof Instant instant) outTime = instant.toEpochMilli();
      else if (t instanceof Number n) outTime = n.longValue();
    }
    if (outTime < 0) {
      log.error("Skipping a record with a negative timestamp " + outTime, in);
      return;
    }
    if (tableFunctions == null) {
      emit(out, keyJson, values, outTime, in);
      return;
    }
    List<List<Object>> expanded = new java.util.ArrayList<>();
    int rows = 0;
    for (int i = 0; i < values.length; i++) {
      List<Object> e = tableFunctions[i] == null ? null : tableFunctions[i].expand(values[i]);
      expanded.add(e);
      if (e != null) rows = Math.max(rows, e.size());
    }
    for (int r = 0; r < rows; r++) {
      Object[] row2 = values.clone();
      for (int i = 0; i < values.length; i++) {
        List<Object> e = expanded.get(i);
        if (e != null) row2[i] = r < e.size() ? e.get(r) : null;
      }
      emit(out, keyJson, row2, outTime, in);
    }
  }

  /** Writes one output; a value the sink format cannot write skips this output only (ksqlDB's serializer logs it). */
  private void emit(Consumer<OutputRecord> out, String keyJson, Object[] values, long time, InputRecord in) {
    byte[] value;
    try {
      value = valueOut.writeBytes(values);
    } catch (RuntimeException e) {
      log.error("Error serializing message to topic: " + sinkTopic + ". " + describe(e), in);
      return;
    }
    out.accept(new OutputRecord(keyJson, value, time));
  }

  private boolean passesFilter(Object[] row, InputRecord in) {
    try {
      return Boolean.TRUE.equals(filter.eval(row));
    } catch (RuntimeException e) {
      log.error("Error evaluating predicate " + filterText + ": " + describe(e), in);
      return false;
    }
  }

  private Object[] keys(Object[] row, InputRecord in, boolean tombstone) {
    Object[] keys = new Object[keyExprs.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = tombstone && keyNullOnTombstone[i] ? null : evaluate(keyExprs[i], row, in, keyErrors[i]);
    }
    return keys;
  }

  /**
   * The stored key of an output; a keyless input stays keyless when the key passes through. The
   * output of a windowed record into a windowed sink keeps the record's window.
   */
  private String keyJson(Object[] keys, InputRecord in, Object[] row) {
    if (keyPassesThrough && in.keyJson() == null) return null;
    String key = keyOut.writeText(keys);
    if (!windowedOutput || row[windowStartSlot] == null) return key;
    return new WindowedKey(key, (Long) row[windowStartSlot], (Long) row[windowStartSlot + 1]).text();
  }

  private Object evaluate(Eval e, Object[] row, InputRecord in, String errorMessage) {
    try {
      return e.eval(row);
    } catch (RuntimeException ex) {
      log.error(errorMessage + ": " + describe(ex), in);
      return null;
    }
  }

  private static String describe(RuntimeException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}

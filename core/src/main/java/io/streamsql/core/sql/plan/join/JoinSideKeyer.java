package io.streamsql.core.sql.plan.join;

import io.streamsql.core.log.WindowedKey;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.expr.Eval;
import io.streamsql.core.sql.expr.RowErrors;
import io.streamsql.core.sql.plan.HeaderColumn;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.core.sql.plan.ProcessingLog;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.plan.StatefulProcessor;
import io.streamsql.core.sql.plan.TimestampSource;
import io.streamsql.core.sql.serde.DeserializationException;
import io.streamsql.core.sql.serde.JsonValues;
import io.streamsql.core.sql.serde.RecordSerde;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stage one of a join, for one source: reads each record, computes the value it joins on and
 * writes the record unchanged to the join's input log under that value (canonical JSON, with the
 * window of a windowed source), tagged with the source it came from, its own key and position.
 * So every record that can meet lands in one partition of the input log, in one order, and the
 * state partition downstream sees both sides of the join. Keeps no state.
 */
public final class JoinSideKeyer implements StatefulProcessor {
  /** Header: the index of the source a record of the join's input log comes from. */
  public static final String SIDE = "streamsql.join.side";
  /** Header: the record's own key JSON. */
  public static final String KEY = "streamsql.join.key";
  /** Header: the record's partition and offset in its source ({@code p:o}). */
  public static final String POSITION = "streamsql.join.position";

  private final int source;
  private final RecordSerde keyIn;
  private final RecordSerde valueIn;
  private final HeaderColumn[] headers;
  private final int keyCount;
  private final int firstHeader;
  private final int width;
  private final int errorSlot;
  private final boolean windowed;
  private final Eval joinOn;
  private final SqlType joinType;
  private final TimestampSource time;
  private final ProcessingLog log;
  private long streamTime = Long.MIN_VALUE;

  JoinSideKeyer(int source, SourceSchema schema, Eval joinOn, SqlType joinType, int width, int errorSlot, ProcessingLog log) {
    this.source = source;
    this.keyIn = new RecordSerde(schema.keySerde(), "key");
    this.valueIn = new RecordSerde(schema.valueSerde(), "value");
    this.headers = schema.headerColumns().toArray(HeaderColumn[]::new);
    this.keyCount = schema.keyColumns().size();
    this.firstHeader = keyCount + schema.valueColumns().size();
    this.width = width;
    this.errorSlot = errorSlot;
    this.windowed = schema.isWindowed();
    this.joinOn = joinOn;
    this.joinType = joinType;
    this.time = TimestampSource.of(schema);
    this.log = log;
  }

  @Override
  public void process(InputRecord in, Consumer<OutputRecord> out) {
    Object[] row = new Object[width];
    String key = in.keyJson();
    WindowedKey window = null;
    int pseudo = firstHeader + headers.length;
    boolean tombstone;
    try {
      if (windowed && key != null) {
        window = WindowedKey.parse(key);
        key = window.keyJson();
        row[pseudo + 4] = window.start();
        row[pseudo + 5] = window.end();
      }
      keyIn.readText(key, row, 0);
      tombstone = !valueIn.readBytes(in.valueJson(), row, keyCount);
      for (int i = 0; i < headers.length; i++) row[firstHeader + i] = headers[i].read(in.headers());
    } catch (DeserializationException | IllegalArgumentException e) {
      log.error("Failed to deserialize record: " + e.getMessage(), in);
      return;
    }
    long timestamp = in.timestamp();
    if (!tombstone && time != null) {
      try {
        timestamp = time.extract(row);
      } catch (RuntimeException e) {
        log.error("Failed to extract the timestamp: " + e.getMessage(), in);
        return;
      }
      if (timestamp < 0) {
        log.error("Skipping record with a negative or missing timestamp", in);
        return;
      }
    }
    row[pseudo] = timestamp;
    row[pseudo + 1] = in.partition();
    row[pseudo + 2] = in.offset();
    row[errorSlot] = (RowErrors) (message, error) -> log.error(message + ": " + error, in);
    Object value;
    try {
      value = joinOn.eval(row);
    } catch (RuntimeException e) {
      log.error("Error computing the join key: " + e, in);
      return;
    }
    // A record without a value to join on meets nothing (ksqlDB drops it before the join).
    if (value == null) return;
    streamTime = Math.max(streamTime, timestamp);
    String joinKey = JsonValues.write(value, joinType).toString();
    if (window != null) joinKey = new WindowedKey(joinKey, window.start(), window.end()).text();
    Map<String, String> tagged = new HashMap<>(in.headers());
    tagged.put(SIDE, Integer.toString(source));
    if (in.keyJson() != null) tagged.put(KEY, in.keyJson());
    tagged.put(POSITION, in.partition() + ":" + in.offset());
    out.accept(new OutputRecord(joinKey, in.valueJson(), timestamp, tagged));
  }

  /** Whether the record's key and value can be read (a record that cannot is reported and skipped). */
  boolean readable(InputRecord in) {
    try {
      Object[] row = new Object[width];
      String key = in.keyJson();
      if (windowed && key != null) key = WindowedKey.parse(key).keyJson();
      keyIn.readText(key, row, 0);
      valueIn.readBytes(in.valueJson(), row, keyCount);
      return true;
    } catch (DeserializationException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The source record a tagged record of the join's input log carries, and which source it is from. */
  static int sideOf(InputRecord in) {
    String side = in.headers().get(SIDE);
    return side == null ? -1 : Integer.parseInt(side);
  }

  static SideRecord recordOf(InputRecord in) {
    Map<String, String> original = new HashMap<>(in.headers());
    original.remove(SIDE);
    String key = original.remove(KEY);
    String position = original.remove(POSITION);
    int partition = 0;
    long offset = 0;
    if (position != null) {
      int colon = position.indexOf(':');
      partition = Integer.parseInt(position.substring(0, colon));
      offset = Long.parseLong(position.substring(colon + 1));
    }
    return new SideRecord(key, in.valueJson(), in.timestamp(), partition, offset, original);
  }

  @Override
  public void restore(String key, byte[] state) {}

  @Override
  public void restoreStreamTime(long time) {
    streamTime = time;
  }

  @Override
  public long streamTime() {
    return streamTime;
  }

  @Override
  public void endOfBatch() {}

  @Override
  public Map<String, byte[]> drainChanges() {
    return Map.of();
  }
}

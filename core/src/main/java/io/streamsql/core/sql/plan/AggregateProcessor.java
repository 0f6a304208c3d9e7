package io.streamsql.core.sql.plan;

import io.streamsql.core.log.WindowedKey;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.expr.Eval;
import io.streamsql.core.sql.expr.RowErrors;
import io.streamsql.core.sql.fn.Aggregator;
import io.streamsql.core.sql.serde.DeserializationException;
import io.streamsql.core.sql.serde.RecordSerde;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The state and operators of one state partition of an aggregation: grouped rows in (key = the
 * grouping values, value = the aggregate arguments, as {@link AggregationPlan} names them), updated
 * group results out, with Kafka Streams' window semantics as ksqlDB runs them — observed stream time,
 * grace period, retention, session merging, and EMIT FINAL's one result per closed window.
 *
 * <p>State lives here decoded; {@link #drainChanges} hands the changed groups, encoded, to whoever
 * journals them, and {@link #restore} rebuilds the state from what was journaled. Nothing here reads a
 * clock: the same grouped rows from the same state give the same outputs.
 */
public final class AggregateProcessor implements StatefulProcessor {
  private final RecordSerde groupKeyIn;
  private final RecordSerde argumentsIn;
  private final int groupWidth;
  private final int argumentWidth;
  private final Aggregator<Object, Object, Object>[] aggregators;
  /** For each aggregate, the indexes of its arguments in the grouped row's value. */
  private final int[][] argumentIndexes;
  private final SqlType[] accumulatorTypes;
  private final AggregationPlan.Window window;
  private final boolean emitFinal;
  private final Eval having;
  private final Eval[] keyExprs;
  private final Eval[] valueExprs;
  private final String[] valueErrors;
  private final int rowWidth;
  private final RecordSerde keyOut;
  private final RecordSerde valueOut;
  private final String sinkTopic;
  private final ProcessingLog log;

  private final Map<String, GroupState> groups = new HashMap<>();
  /** Windows changed since the last drain, as (group key, window start). */
  private final LinkedHashSet<Pending> changed = new LinkedHashSet<>();
  /** EMIT FINAL: windows not yet emitted, by window end, as (group key, window start). */
  private final TreeMap<Long, LinkedHashSet<Pending>> pendingFinal = new TreeMap<>();
  private long streamTime = Long.MIN_VALUE;
  private long sweptAt = Long.MIN_VALUE;

  private record Pending(String group, long start) {}

  AggregateProcessor(
      SourceSchema grouped, Aggregator<Object, Object, Object>[] aggregators, int[][] argumentIndexes, SqlType[] accumulatorTypes,
      AggregationPlan.Window window, boolean emitFinal, Eval having, Eval[] keyExprs, Eval[] valueExprs, String[] valueNames,
      int rowWidth, SourceSchema sink, ProcessingLog log) {
    this.groupKeyIn = new RecordSerde(grouped.keySerde(), "key");
    this.argumentsIn = new RecordSerde(grouped.valueSerde(), "value");
    this.groupWidth = grouped.keyColumns().size();
    this.argumentWidth = grouped.valueColumns().size();
    this.aggregators = aggregators;
    this.argumentIndexes = argumentIndexes;
    this.accumulatorTypes = accumulatorTypes;
    this.window = window;
    this.emitFinal = emitFinal;
    this.having = having;
    this.keyExprs = keyExprs;
    this.valueExprs = valueExprs;
    this.valueErrors = new String[valueNames.length];
    for (int i = 0; i < valueNames.length; i++) valueErrors[i] = "Error computing expression for column " + valueNames[i] + " with index " + i;
    this.rowWidth = rowWidth;
    this.keyOut = new RecordSerde(sink.keySerde(), "key");
    this.valueOut = new RecordSerde(sink.valueSerde(), "value");
    this.sinkTopic = sink.topic();
    this.log = log;
  }

  /** The observed stream time (the newest timestamp seen), journaled with the state. */
  @Override
  public long streamTime() {
    return streamTime;
  }

  /** Rebuilds one window of a group from its journaled entry (see {@link #drainChanges}); call before processing. */
  @Override
  public void restore(String stateKey, byte[] state) {
    int cut = window == null ? -1 : stateKey.lastIndexOf(WINDOW_SEPARATOR);
    String groupKey = cut < 0 ? stateKey : stateKey.substring(0, cut);
    GroupState g = groups.get(groupKey);
    if (g == null) {
      Object[] key = new Object[groupWidth];
      groupKeyIn.readText(groupKey, key, 0);
      g = new GroupState(key);
      groups.put(groupKey, g);
    }
    GroupState.Window w = GroupState.decode(state, accumulatorTypes);
    g.windows.put(w.start, w);
    if (emitFinal && !w.emitted) pend(groupKey, w);
  }

  /** Separates a group's key from a window's start in state entry keys (JSON text never holds it raw). */
  private static final char WINDOW_SEPARATOR = '\u0001';

  private String stateKey(String groupKey, long start) {
    return window == null ? groupKey : groupKey + WINDOW_SEPARATOR + start;
  }

  private void touch(String groupKey, long start) {
    changed.add(new Pending(groupKey, start));
  }

  @Override
  public void restoreStreamTime(long time) {
    streamTime = time;
  }

  /** How many groups the state holds. */
  public int groups() {
    return groups.size();
  }

  /** The windows changed since the last call, encoded, one entry each; a null value means the window left the state. */
  @Override
  public Map<String, byte[]> drainChanges() {
    Map<String, byte[]> out = new HashMap<>();
    for (Pending p : changed) {
      GroupState g = groups.get(p.group());
      GroupState.Window w = g == null ? null : g.windows.get(p.start());
      out.put(stateKey(p.group(), p.start()), w == null ? null : GroupState.encode(w, accumulatorTypes));
    }
    changed.clear();
    return out;
  }

  /**
   * A group's current result as the sink holds it (key and value JSON; windowed keys carry the window),
   * or null when the group or window is absent or HAVING filters it out. {@code windowStart} picks the
   * window of a windowed aggregation (ignored otherwise).
   */
  public OutputRecord current(String groupKey, long windowStart) {
    GroupState g = groups.get(groupKey);
    if (g == null) return null;
    GroupState.Window w = g.windows.get(window == null ? 0L : windowStart);
    return w == null ? null : result(g, w);
  }

  /** The results of every window of a group, in window order (HAVING-filtered ones left out). */
  public List<OutputRecord> currentAll(String groupKey) {
    GroupState g = groups.get(groupKey);
    if (g == null) return List.of();
    List<OutputRecord> out = new ArrayList<>();
    for (GroupState.Window w : g.windows.values()) {
      OutputRecord r = result(g, w);
      if (r != null) out.add(r);
    }
    return out;
  }

  /**
   * Up to {@code limit} group keys after {@code afterGroupKey} (null: from the first) in key order,
   * for paging through the state. Costs a pass over the groups per page (the state is hashed, not sorted).
   */
  public List<String> groupKeysAfter(String afterGroupKey, int limit) {
    java.util.PriorityQueue<String> smallest = new java.util.PriorityQueue<>(java.util.Comparator.reverseOrder());
    for (String key : groups.keySet()) {
      if (afterGroupKey != null && key.compareTo(afterGroupKey) <= 0) continue;
      smallest.add(key);
      if (smallest.size() > limit) smallest.poll();
    }
    List<String> keys = new ArrayList<>(smallest);
    keys.sort(null);
    return keys;
  }

  private OutputRecord result(GroupState g, GroupState.Window w) {
    Object[] row = aggregatedRow(g, w, null);
    if (having != null && !passesHaving(row, null)) return null;
    Object[] values = new Object[valueExprs.length];
    for (int i = 0; i < values.length; i++) values[i] = evaluate(valueExprs[i], row, null, valueErrors[i]);
    String key = window == null ? outputKey(g) : windowedKey(g, w);
    return new OutputRecord(key, valueOut.writeBytes(values), w.timestamp);
  }

  /** Processes one grouped row; its outputs (and EMIT FINAL's closed windows) go to {@code out}. */
  @Override
  public void process(InputRecord in, Consumer<OutputRecord> out) {
    try {
      processRecord(in, out);
    } catch (RuntimeException e) {
      log.error("Error processing record: " + describe(e), in);
    }
  }

  private void processRecord(InputRecord in, Consumer<OutputRecord> out) {
    // A known group's key is already decoded: only a new group's key text is read.
    GroupState known = in.keyJson() == null ? null : groups.get(in.keyJson());
    Object[] key = known != null ? known.key : new Object[groupWidth];
    Object[] args = new Object[argumentWidth];
    Object[] undo = null;
    boolean add;
    try {
      if (known == null) groupKeyIn.readText(in.keyJson(), key, 0);
      String undone = in.headers().get(TableRegrouper.UNDO_HEADER);
      if (undone != null) {
        undo = new Object[argumentWidth];
        argumentsIn.readBytes(java.util.Base64.getDecoder().decode(undone), undo, 0);
      }
      add = argumentsIn.readBytes(in.valueJson(), args, 0);
      // A stream aggregation ignores records without a value, as Kafka Streams' does.
      if (!add && undo == null) return;
    } catch (DeserializationException e) {
      log.error("Failed to deserialize grouped record: " + e.getMessage(), in);
      return;
    }
    if (in.keyJson() == null || Arrays.stream(key).anyMatch(java.util.Objects::isNull)) {
      log.error("Skipping record with a null grouping value: every grouping expression must have a value", in);
      return;
    }
    long ts = in.timestamp();
    streamTime = Math.max(streamTime, ts);
    String groupKey = in.keyJson();
    GroupState g = known != null ? known : new GroupState(key);
    if (window != null && !add) return;
    if (window == null) {
      GroupState.Window w = g.windows.computeIfAbsent(0L, s -> new GroupState.Window(0, 0, ts, initial()));
      w.timestamp = Math.max(w.timestamp, ts);
      if (undo != null) undo(w, undo, in);
      if (add) aggregate(w, args, in);
      store(groupKey, g);
      touch(groupKey, 0);
      emitChange(g, w, out, in);
    } else if (window.type() == SourceWindow.Type.SESSION) {
      session(groupKey, g, args, ts, out, in);
    } else {
      timeWindows(groupKey, g, args, ts, out, in);
    }
    if (window != null) {
      // As ksqlDB runs EMIT FINAL: a time window past retention is gone before it could be emitted (its
      // store segment dropped), while a session closes (gap + grace after its end) before it expires.
      boolean sessions = window.type() == SourceWindow.Type.SESSION;
      if (emitFinal && sessions) emitClosed(out);
      expire(groupKey, g);
      if (emitFinal && !sessions) emitClosed(out);
    }
  }

  /** After a batch: windows past retention leave the state (all groups, when stream time has moved on). */
  @Override
  public void endOfBatch() {
    if (window == null || streamTime == sweptAt) return;
    sweptAt = streamTime;
    for (String key : new ArrayList<>(groups.keySet())) expire(key, groups.get(key));
  }

  private void timeWindows(String groupKey, GroupState g, Object[] args, long ts, Consumer<OutputRecord> out, InputRecord in) {
    long size = window.sizeMillis();
    long advance = window.type() == SourceWindow.Type.HOPPING ? window.advanceMillis() : size;
    long closeTime = streamTime - window.graceMillis();
    long start = Math.max(0, ts - size + advance) / advance * advance;
    boolean any = false;
    for (; start <= ts; start += advance) {
      long end = start + size;
      if (end <= closeTime) {
        log.error("Skipping record for expired window. key=" + in.keyJson() + " topic=" + sinkTopic + " partition=" + in.partition()
            + " offset=" + in.offset() + " timestamp=" + ts + " window=[" + start + "," + end + ") expiration=" + closeTime
            + " streamTime=" + streamTime, in);
        continue;
      }
      long s = start;
      GroupState.Window w = g.windows.get(s);
      if (w == null) {
        w = new GroupState.Window(s, end, ts, initial());
        g.windows.put(s, w);
        if (emitFinal) pend(groupKey, w);
      }
      w.timestamp = Math.max(w.timestamp, ts);
      aggregate(w, args, in);
      any = true;
      touch(groupKey, s);
      emitChange(g, w, out, in);
    }
    if (any) store(groupKey, g);
  }

  /** Kafka Streams' session merge: sessions within the gap of this record merge into one; the merged ones are deleted. */
  private void session(String groupKey, GroupState g, Object[] args, long ts, Consumer<OutputRecord> out, InputRecord in) {
    long gap = window.sizeMillis();
    // A session can still grow while a record within the gap may arrive: it closes gap + grace after its end.
    long closeTime = streamTime - window.graceMillis() - gap;
    List<GroupState.Window> overlapping = new ArrayList<>();
    for (GroupState.Window w : g.windows.values()) if (w.end >= ts - gap && w.start <= ts + gap) overlapping.add(w);
    long start = ts;
    long end = ts;
    Object[] accs = initial();
    long newest = ts;
    for (GroupState.Window w : overlapping) {
      start = Math.min(start, w.start);
      end = Math.max(end, w.end);
      newest = Math.max(newest, w.timestamp);
      for (int i = 0; i < accs.length; i++) accs[i] = aggregators[i].merge(accs[i], w.accumulators[i]);
    }
    if (end < closeTime) {
      log.error("Skipping record for expired session. key=" + in.keyJson() + " topic=" + sinkTopic + " partition=" + in.partition()
          + " offset=" + in.offset() + " timestamp=" + ts + " window=[" + start + "," + end + "] expiration=" + closeTime
          + " streamTime=" + streamTime, in);
      return;
    }
    for (GroupState.Window old : overlapping) {
      g.windows.remove(old.start);
      touch(groupKey, old.start);
      if (emitFinal) unpend(groupKey, old);
      if (!emitFinal && (old.start != start || old.end != end) && (having == null || old.visible)) {
        out.accept(new OutputRecord(windowedKey(g, old), null, old.end));
      }
    }
    GroupState.Window merged = new GroupState.Window(start, end, newest, accs);
    g.windows.put(start, merged);
    aggregate(merged, args, in);
    if (emitFinal) pend(groupKey, merged);
    store(groupKey, g);
    touch(groupKey, start);
    emitChange(g, merged, out, in);
  }

  private Object[] initial() {
    Object[] accs = new Object[aggregators.length];
    for (int i = 0; i < accs.length; i++) accs[i] = aggregators[i].initialize();
    return accs;
  }

  private void aggregate(GroupState.Window w, Object[] args, InputRecord in) {
    for (int i = 0; i < aggregators.length; i++) {
      Object value = value(i, args);
      try {
        w.accumulators[i] = aggregators[i].aggregate(value, w.accumulators[i]);
      } catch (RuntimeException e) {
        // ksqlDB's UDAFs throwing leave the aggregate as it was; the record is reported.
        log.error("Error aggregating " + aggregators[i].getClass().getSimpleName() + ": " + describe(e), in);
      }
    }
  }

  /** Takes a table row's old contribution out (aggregations of tables use undoable aggregates only). */
  private void undo(GroupState.Window w, Object[] args, InputRecord in) {
    for (int i = 0; i < aggregators.length; i++) {
      if (!(aggregators[i] instanceof io.streamsql.core.sql.fn.TableAggregator<Object, Object, Object> t)) continue;
      try {
        w.accumulators[i] = t.undo(value(i, args), w.accumulators[i]);
      } catch (RuntimeException e) {
        log.error("Error undoing " + aggregators[i].getClass().getSimpleName() + ": " + describe(e), in);
      }
    }
  }

  private Object value(int aggregate, Object[] args) {
    int[] idx = argumentIndexes[aggregate];
    if (idx.length == 1) return args[idx[0]];
    Object[] several = new Object[idx.length];
    for (int a = 0; a < idx.length; a++) several[a] = args[idx[a]];
    return Arrays.asList(several);
  }

  private void store(String groupKey, GroupState g) {
    if (g.isEmpty()) groups.remove(groupKey);
    else groups.put(groupKey, g);
  }

  /** Windows that started before stream time minus retention are gone, as a window store's segments go. */
  private void expire(String groupKey, GroupState g) {
    if (g == null || window == null) return;
    long oldestLive = streamTime - window.retentionMillis();
    boolean removed = false;
    while (!g.windows.isEmpty() && windowExpired(g.windows.firstEntry().getValue(), oldestLive)) {
      GroupState.Window w = g.windows.pollFirstEntry().getValue();
      if (emitFinal) unpend(groupKey, w);
      touch(groupKey, w.start);
      removed = true;
    }
    if (removed) store(groupKey, g);
  }

  private boolean windowExpired(GroupState.Window w, long oldestLive) {
    // Sessions are kept by their end (a long session stays while it is active); time windows by their start.
    long t = window.type() == SourceWindow.Type.SESSION ? w.end : w.start;
    return t < oldestLive;
  }

  private void pend(String groupKey, GroupState.Window w) {
    pendingFinal.computeIfAbsent(w.end, e -> new LinkedHashSet<>()).add(new Pending(groupKey, w.start));
  }

  private void unpend(String groupKey, GroupState.Window w) {
    var set = pendingFinal.get(w.end);
    if (set == null) return;
    set.remove(new Pending(groupKey, w.start));
    if (set.isEmpty()) pendingFinal.remove(w.end);
  }

  /** EMIT FINAL: every window whose end plus grace has passed emits its result once. */
  private void emitClosed(Consumer<OutputRecord> out) {
    long closeTime = streamTime - window.graceMillis() - (window.type() == SourceWindow.Type.SESSION ? window.sizeMillis() : 0);
    while (!pendingFinal.isEmpty() && pendingFinal.firstKey() <= closeTime) {
      for (Pending p : pendingFinal.pollFirstEntry().getValue()) {
        GroupState g = groups.get(p.group());
        GroupState.Window w = g == null ? null : g.windows.get(p.start());
        if (w == null || w.emitted) continue;
        w.emitted = true;
        touch(p.group(), p.start());
        emit(g, w, out, null);
      }
    }
  }

  private void emitChange(GroupState g, GroupState.Window w, Consumer<OutputRecord> out, InputRecord in) {
    if (!emitFinal) emit(g, w, out, in);
  }

  private void emit(GroupState g, GroupState.Window w, Consumer<OutputRecord> out, InputRecord in) {
    Object[] row = aggregatedRow(g, w, in);
    String key = window == null ? outputKey(g) : windowedKey(g, w);
    if (having != null && !passesHaving(row, in)) {
      // As ksqlDB's table filter: a row HAVING no longer holds for is deleted; one never shown is not.
      if (w.visible) out.accept(new OutputRecord(key, null, w.timestamp));
      w.visible = false;
      return;
    }
    w.visible = true;
    Object[] values = new Object[valueExprs.length];
    for (int i = 0; i < values.length; i++) values[i] = evaluate(valueExprs[i], row, in, valueErrors[i]);
    byte[] value;
    try {
      value = valueOut.writeBytes(values);
    } catch (RuntimeException e) {
      log.error("Error serializing message to topic: " + sinkTopic + ". " + describe(e), in);
      return;
    }
    // Session results carry their session's end as timestamp, as Kafka Streams forwards them.
    long time = window != null && window.type() == SourceWindow.Type.SESSION ? w.end : w.timestamp;
    out.accept(new OutputRecord(key, value, time));
  }

  /** The row the output expressions read: grouping values, aggregate results, WINDOWSTART, WINDOWEND, the RowErrors slot. */
  private Object[] aggregatedRow(GroupState g, GroupState.Window w, InputRecord in) {
    Object[] row = new Object[rowWidth];
    System.arraycopy(g.key, 0, row, 0, groupWidth);
    for (int i = 0; i < aggregators.length; i++) {
      try {
        row[groupWidth + i] = aggregators[i].map(w.accumulators[i]);
      } catch (RuntimeException e) {
        log.error("Error mapping the result of an aggregate: " + describe(e), in);
      }
    }
    int bounds = groupWidth + aggregators.length;
    row[bounds] = window == null ? null : w.start;
    row[bounds + 1] = window == null ? null : w.end;
    row[bounds + 2] = (RowErrors) (message, error) -> log.error(message + ": " + describe(error), in);
    return row;
  }

  private Object[] keys(Object[] row, InputRecord in) {
    Object[] keys = new Object[keyExprs.length];
    for (int i = 0; i < keys.length; i++) keys[i] = evaluate(keyExprs[i], row, in, "Error computing the key");
    return keys;
  }

  private String windowedKey(GroupState g, GroupState.Window w) {
    return new WindowedKey(outputKey(g), w.start, w.end).text();
  }

  /** The sink key of a group (its key columns read only the grouping values, so it is written once per group). */
  private String outputKey(GroupState g) {
    if (g.outputKey == null) {
      Object[] row = new Object[rowWidth];
      System.arraycopy(g.key, 0, row, 0, groupWidth);
      row[groupWidth + aggregators.length + 2] = (RowErrors) (message, error) -> log.error(message + ": " + describe(error), null);
      g.outputKey = keyOut.writeText(keys(row, null));
    }
    return g.outputKey;
  }

  private boolean passesHaving(Object[] row, InputRecord in) {
    try {
      return Boolean.TRUE.equals(having.eval(row));
    } catch (RuntimeException e) {
      log.error("Error evaluating HAVING: " + describe(e), in);
      return false;
    }
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

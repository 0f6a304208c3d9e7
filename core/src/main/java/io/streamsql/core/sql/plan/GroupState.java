package io.streamsql.core.sql.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.serde.JsonValues;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aggregation state of one group: its windows by start (one window at 0 for an unwindowed
 * aggregation), each with its end, the newest timestamp aggregated into it, its accumulators, and
 * whether EMIT FINAL has emitted it. Each window is stored on its own (so an update re-encodes one window,
 * not the group's history) as JSON {@code [start, end, timestamp, emitted, visible, acc…]}, accumulators
 * written as values of their declared SQL types.
 */
final class GroupState {
  /** One window of a group. Accumulators are replaced, never mutated, so a window can be copied cheaply. */
  static final class Window {
    final long start;
    long end;
    long timestamp;
    boolean emitted;
    /** Whether the last result emitted was a row (HAVING held): only then does a failing HAVING delete it. */
    boolean visible;
    final Object[] accumulators;

    Window(long start, long end, long timestamp, Object[] accumulators) {
      this.start = start;
      this.end = end;
      this.timestamp = timestamp;
      this.accumulators = accumulators;
    }
  }

  final Object[] key;
  final TreeMap<Long, Window> windows = new TreeMap<>();
  /** The group's sink key JSON, computed on first use (not stored: it follows from the key). */
  String outputKey;

  GroupState(Object[] key) {
    this.key = key;
  }

  /** One window as stored: {@code [start, end, timestamp, emitted, visible, acc…]}. */
  static byte[] encode(Window w, SqlType[] accumulatorTypes) {
    ArrayNode a = JsonValues.NODES.arrayNode();
    a.add(w.start).add(w.end).add(w.timestamp).add(w.emitted).add(w.visible);
    for (int i = 0; i < accumulatorTypes.length; i++) a.add(JsonValues.write(w.accumulators[i], accumulatorTypes[i]));
    return RecordJson.bytes(a);
  }

  static Window decode(byte[] bytes, SqlType[] accumulatorTypes) {
    JsonNode a = RecordJson.read(bytes);
    Object[] accs = new Object[accumulatorTypes.length];
    for (int i = 0; i < accs.length; i++) accs[i] = JsonValues.read(a.get(5 + i), accumulatorTypes[i], "aggregate state");
    Window w = new Window(a.get(0).asLong(), a.get(1).asLong(), a.get(2).asLong(), accs);
    w.emitted = a.get(3).asBoolean();
    w.visible = a.get(4).asBoolean();
    return w;
  }

  boolean isEmpty() {
    return windows.isEmpty();
  }

  Map<Long, Window> windows() {
    return windows;
  }
}

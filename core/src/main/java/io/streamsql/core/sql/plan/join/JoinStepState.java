package io.streamsql.core.sql.plan.join;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The state of one JOIN step in one state partition, as Kafka Streams keeps it for ksqlDB: the
 * current row per join key of a table side, a window store per stream side, and for outer
 * stream-stream joins with a grace period the unmatched records waiting for their window to close.
 * Every change is reported to {@code changes} under its state key (null: removed), so the entity
 * journals exactly what changed.
 */
final class JoinStepState {
  private final String prefix;
  private final BiConsumer<String, byte[]> changes;
  final Map<String, SideRecord.Joined>[] tables;
  final WindowStore[] windows;
  /** Unmatched stream records of an outer join with a grace period, in Kafka's order: time, right before left, key. */
  final TreeMap<OuterKey, SideRecord.Joined> outer = new TreeMap<>(
      Comparator.comparingLong(OuterKey::timestamp).thenComparing(OuterKey::left).thenComparing(OuterKey::joinKey));
  long streamTime = Long.MIN_VALUE;
  long sequence;

  record OuterKey(long timestamp, boolean left, String joinKey) {}

  @SuppressWarnings("unchecked")
  JoinStepState(int step, BiConsumer<String, byte[]> changes) {
    this.prefix = step + "|";
    this.changes = changes;
    this.tables = new Map[] {new HashMap<String, SideRecord.Joined>(), new HashMap<String, SideRecord.Joined>()};
    this.windows = new WindowStore[] {new WindowStore(0), new WindowStore(1)};
  }

  static int side(boolean left) {
    return left ? 0 : 1;
  }

  // ---- tables ----

  SideRecord.Joined tableRow(boolean left, String key) {
    return tables[side(left)].get(key);
  }

  void putTableRow(boolean left, String key, SideRecord.Joined row) {
    String stateKey = prefix + "t|" + side(left) + "|" + key;
    if (row == null) {
      if (tables[side(left)].remove(key) != null) changes.accept(stateKey, null);
    } else {
      tables[side(left)].put(key, row);
      changes.accept(stateKey, row.encode());
    }
  }

  // ---- foreign-key joins: left rows by the foreign key they point to ----

  final Map<String, Map<String, SideRecord.Joined>> byForeignKey = new HashMap<>();

  SideRecord.Joined foreignRow(String foreignKey, String leftKey) {
    Map<String, SideRecord.Joined> rows = byForeignKey.get(foreignKey);
    return rows == null ? null : rows.get(leftKey);
  }

  java.util.Collection<SideRecord.Joined> foreignRows(String foreignKey) {
    Map<String, SideRecord.Joined> rows = byForeignKey.get(foreignKey);
    return rows == null ? List.of() : new ArrayList<>(rows.values());
  }

  void putForeignRow(String foreignKey, String leftKey, SideRecord.Joined row) {
    String stateKey = prefix + "f|" + leftKey + "\u0001" + foreignKey;
    if (row == null) {
      Map<String, SideRecord.Joined> rows = byForeignKey.get(foreignKey);
      if (rows == null || rows.remove(leftKey) == null) return;
      if (rows.isEmpty()) byForeignKey.remove(foreignKey);
      changes.accept(stateKey, null);
    } else {
      byForeignKey.computeIfAbsent(foreignKey, k -> new java.util.LinkedHashMap<>()).put(leftKey, row);
      changes.accept(stateKey, row.encode());
    }
  }

  // ---- stream windows ----

  /** One stream record held for joining: its time, arrival order and row. */
  record Entry(long timestamp, long sequence, String joinKey, SideRecord.Joined row) {}

  final class WindowStore {
    private final int side;
    final Map<String, List<Entry>> byKey = new HashMap<>();
    final TreeMap<Long, List<Entry>> byTime = new TreeMap<>();
    long observed = Long.MIN_VALUE;

    WindowStore(int side) {
      this.side = side;
    }

    /** Kafka's segmented window store: a record older than retention behind the newest put is not kept. */
    void put(String key, SideRecord.Joined row, long retention) {
      observed = Math.max(observed, row.timestamp());
      if (row.timestamp() <= observed - retention) return;
      Entry e = new Entry(row.timestamp(), sequence++, key, row);
      add(e);
      changes.accept(entryKey(e), row.encode());
    }

    void add(Entry e) {
      List<Entry> list = byKey.computeIfAbsent(e.joinKey(), k -> new ArrayList<>());
      int i = list.size();
      while (i > 0 && list.get(i - 1).timestamp() > e.timestamp()) i--;
      list.add(i, e);
      byTime.computeIfAbsent(e.timestamp(), t -> new ArrayList<>()).add(e);
    }

    /** The records of a key within [from, to], oldest first; a fetch never sees what retention dropped. */
    List<Entry> fetch(String key, long from, long to, long retention) {
      List<Entry> list = byKey.get(key);
      if (list == null) return List.of();
      long actualFrom = observed == Long.MIN_VALUE ? from : Math.max(from, observed - retention + 1);
      List<Entry> out = new ArrayList<>();
      for (Entry e : list) if (e.timestamp() >= actualFrom && e.timestamp() <= to) out.add(e);
      return out;
    }

    void expire(long retention) {
      if (observed == Long.MIN_VALUE) return;
      long keepFrom = observed - retention + 1;
      Iterator<Map.Entry<Long, List<Entry>>> it = byTime.headMap(keepFrom, false).entrySet().iterator();
      while (it.hasNext()) {
        for (Entry e : it.next().getValue()) {
          List<Entry> list = byKey.get(e.joinKey());
          list.remove(e);
          if (list.isEmpty()) byKey.remove(e.joinKey());
          changes.accept(entryKey(e), null);
        }
        it.remove();
      }
    }

    String entryKey(Entry e) {
      return prefix + "w|" + side + "|" + e.sequence() + "|" + e.joinKey();
    }
  }

  // ---- outer records ----

  void holdUnmatched(boolean left, String key, SideRecord.Joined row) {
    OuterKey k = new OuterKey(row.timestamp(), left, key);
    outer.put(k, row);
    changes.accept(outerKey(k), row.encode());
  }

  void matched(boolean left, String key, long timestamp) {
    OuterKey k = new OuterKey(timestamp, left, key);
    if (outer.remove(k) != null) changes.accept(outerKey(k), null);
  }

  void removeUnmatched(OuterKey k) {
    outer.remove(k);
    changes.accept(outerKey(k), null);
  }

  private String outerKey(OuterKey k) {
    return prefix + "o|" + k.timestamp() + "|" + side(k.left()) + "|" + k.joinKey();
  }

  // ---- journaling ----

  byte[] meta() {
    return (windows[0].observed + "," + windows[1].observed + "," + streamTime + "," + sequence).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  String metaKey() {
    return prefix + "m";
  }

  /** Takes back one journaled entry of this step (the key without the step prefix). */
  void restore(String key, byte[] value) {
    if (key.equals("m")) {
      String[] p = new String(value, java.nio.charset.StandardCharsets.UTF_8).split(",");
      windows[0].observed = Long.parseLong(p[0]);
      windows[1].observed = Long.parseLong(p[1]);
      streamTime = Long.parseLong(p[2]);
      sequence = Long.parseLong(p[3]);
      return;
    }
    SideRecord.Joined row = SideRecord.Joined.decode(value);
    if (key.startsWith("f|")) {
      int sep = key.indexOf('\u0001');
      byForeignKey.computeIfAbsent(key.substring(sep + 1), k -> new java.util.LinkedHashMap<>()).put(key.substring(2, sep), row);
      return;
    }
    String[] p = key.split("\\|", key.startsWith("o|") ? 4 : key.startsWith("w|") ? 4 : 3);
    switch (p[0]) {
      case "t" -> tables[Integer.parseInt(p[1])].put(p[2], row);
      case "w" -> windows[Integer.parseInt(p[1])].add(new Entry(row.timestamp(), Long.parseLong(p[2]), p[3], row));
      case "o" -> outer.put(new OuterKey(Long.parseLong(p[1]), p[2].equals("0"), p[3]), row);
      default -> throw new IllegalStateException("Unknown join state entry " + key);
    }
  }
}

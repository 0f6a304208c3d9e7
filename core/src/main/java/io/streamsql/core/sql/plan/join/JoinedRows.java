package io.streamsql.core.sql.plan.join;

import io.streamsql.core.log.WindowedKey;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.expr.RowErrors;
import io.streamsql.core.sql.expr.Scope;
import io.streamsql.core.sql.plan.HeaderColumn;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.serde.RecordSerde;
import io.streamsql.core.sql.serde.Serde;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The row a join's WHERE and projection read: each source's columns side by side (key, value and
 * header columns, ROWTIME, ROWPARTITION, ROWOFFSET, and WINDOWSTART/WINDOWEND for a windowed
 * source), then the joined row's own ROWTIME, the synthetic join key (when the join has one) and
 * the slot of the row's errors. Columns are named {@code ALIAS.NAME}; a name only one source has
 * may also be used alone.
 */
public final class JoinedRows {
  private final List<SourceSchema> sources;
  private final int[] base;
  private final Decoder[] decoders;
  private final int rowtimeSlot;
  private final int joinKeySlot;
  private final int errorSlot;
  private final Scope scope;

  /**
   * @param joinKeyName the synthetic key column's name (ROWKEY), or null when the join's key is a source column
   */
  public JoinedRows(List<SourceSchema> sources, List<String> aliases, String joinKeyName, SqlType joinKeyType) {
    this.sources = List.copyOf(sources);
    this.base = new int[sources.size()];
    this.decoders = new Decoder[sources.size()];
    Map<String, Scope.Slot> slots = new LinkedHashMap<>();
    Map<String, List<String>> owners = new LinkedHashMap<>();
    Map<String, Scope.Slot> unqualified = new LinkedHashMap<>();
    List<String> qualifiers = new ArrayList<>();
    int next = 0;
    for (int s = 0; s < sources.size(); s++) {
      SourceSchema src = sources.get(s);
      String alias = aliases.get(s) == null ? src.name() : aliases.get(s);
      qualifiers.add(alias);
      if (!alias.equals(src.name())) qualifiers.add(src.name());
      base[s] = next;
      decoders[s] = new Decoder(src);
      List<Serde.Column> cols = new ArrayList<>(src.rowColumns());
      cols.add(new Serde.Column("ROWTIME", SqlTypes.BIGINT));
      cols.add(new Serde.Column("ROWPARTITION", SqlTypes.INT));
      cols.add(new Serde.Column("ROWOFFSET", SqlTypes.BIGINT));
      if (src.isWindowed()) {
        cols.add(new Serde.Column("WINDOWSTART", SqlTypes.BIGINT));
        cols.add(new Serde.Column("WINDOWEND", SqlTypes.BIGINT));
      }
      for (Serde.Column c : cols) {
        Scope.Slot slot = new Scope.Slot(next++, c.type());
        slots.put(alias + "." + c.name(), slot);
        if (!alias.equals(src.name())) slots.put(src.name() + "." + c.name(), slot);
        owners.computeIfAbsent(c.name(), n -> new ArrayList<>()).add(alias + "." + c.name());
        unqualified.putIfAbsent(c.name(), slot);
      }
    }
    this.rowtimeSlot = next++;
    this.joinKeySlot = joinKeyName == null ? -1 : next++;
    this.errorSlot = next++;
    Map<String, String> ambiguous = new LinkedHashMap<>();
    owners.forEach((name, list) -> {
      if (list.size() == 1) slots.put(name, unqualified.get(name));
      else if (!name.equals("ROWTIME")) {
        ambiguous.put(name, "Column '" + name + "' is ambiguous. Could be " + String.join(", ", list.subList(0, list.size() - 1))
            + " or " + list.get(list.size() - 1) + ".");
      }
    });
    // The joined row's ROWTIME is its own time (the later of the joined records' for a stream-stream match).
    slots.put("ROWTIME", new Scope.Slot(rowtimeSlot, SqlTypes.BIGINT));
    if (joinKeyName != null) slots.put(joinKeyName, new Scope.Slot(joinKeySlot, joinKeyType));
    this.scope = Scope.ofJoin(slots, qualifiers, next, errorSlot, ambiguous);
  }

  public Scope scope() {
    return scope;
  }

  public List<SourceSchema> sources() {
    return sources;
  }

  /** The row of a joined record; false in {@code ok[0]} when a side cannot be read (reported through {@code errors}). */
  Object[] row(SideRecord.Joined joined, Object joinKey, RowErrors errors, int width) {
    Object[] row = new Object[Math.max(width, errorSlot + 1)];
    for (int s = 0; s < decoders.length; s++) {
      SideRecord r = joined.sides()[s];
      if (r != null) decoders[s].decode(r, row, base[s]);
    }
    row[rowtimeSlot] = joined.timestamp();
    if (joinKeySlot >= 0) row[joinKeySlot] = joinKey;
    row[errorSlot] = errors;
    return row;
  }

  /** Reads one source's records into its slots of the joined row. */
  private static final class Decoder {
    private final RecordSerde keyIn;
    private final RecordSerde valueIn;
    private final HeaderColumn[] headers;
    private final int keyCount;
    private final int firstHeader;
    private final boolean windowed;

    Decoder(SourceSchema source) {
      this.keyIn = new RecordSerde(source.keySerde(), "key");
      this.valueIn = new RecordSerde(source.valueSerde(), "value");
      this.headers = source.headerColumns().toArray(HeaderColumn[]::new);
      this.keyCount = source.keyColumns().size();
      this.firstHeader = keyCount + source.valueColumns().size();
      this.windowed = source.isWindowed();
    }

    void decode(SideRecord r, Object[] row, int base) {
      String key = r.keyJson();
      int pseudo = base + firstHeader + headers.length;
      if (windowed && key != null) {
        WindowedKey w = WindowedKey.parse(key);
        key = w.keyJson();
        row[pseudo + 3] = w.start();
        row[pseudo + 4] = w.end();
      }
      keyIn.readText(key, row, base);
      valueIn.readBytes(r.value(), row, base + keyCount);
      for (int i = 0; i < headers.length; i++) row[base + firstHeader + i] = headers[i].read(r.headers());
      row[pseudo] = r.timestamp();
      row[pseudo + 1] = r.partition();
      row[pseudo + 2] = r.offset();
    }
  }
}

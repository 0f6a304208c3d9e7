package io.streamsql.core.sql.plan.join;

import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.core.sql.plan.StatefulProcessor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One state partition of a join: takes the tagged records of the join's input log (every source,
 * keyed by the value they join on) and runs them through the JOIN steps in order, each step's
 * result feeding the next step's left side; the last step's rows go to {@link JoinOutput}.
 * Follows Kafka Streams as ksqlDB runs it: stream-stream joins within their window, with the
 * grace-period semantics when a GRACE PERIOD is given; stream-table joins look the table row up
 * at the stream record's arrival; table-table joins emit changes and tombstones as either side
 * changes. Deterministic: only record times are read, never a clock.
 */
public final class JoinProcessor implements StatefulProcessor {
  /** How one step joins: by the kinds of its two sides. */
  enum Kind { STREAM_STREAM, STREAM_TABLE, TABLE_TABLE, FOREIGN_KEY }

  /** For a table result: the row a change replaces is not known, so a delete is always written. */
  static final SideRecord.Joined UNKNOWN_BEFORE = new SideRecord.Joined(new SideRecord[0], 0);

  /** A step's compiled form. */
  record StepSpec(Kind kind, JoinPlan.Type type, JoinPlan.Window window, int leftSource, int sources) {
    boolean outer(boolean left) {
      return switch (type) {
        case INNER -> false;
        case LEFT -> left;
        case RIGHT -> !left;
        case OUTER -> true;
      };
    }

    boolean holdsUnmatched() {
      return kind == Kind.STREAM_STREAM && window.graceMillis() != null && type != JoinPlan.Type.INNER;
    }
  }

  private final StepSpec[] steps;
  private final JoinStepState[] states;
  private final JoinOutput output;
  private final Map<String, byte[]> changes = new LinkedHashMap<>();
  private long streamTime = Long.MIN_VALUE;
  private Consumer<OutputRecord> out;
  private boolean retract;

  JoinProcessor(StepSpec[] steps, JoinOutput output) {
    this.steps = steps;
    this.output = output;
    this.states = new JoinStepState[steps.length];
    for (int s = 0; s < steps.length; s++) states[s] = new JoinStepState(s, changes::put);
  }

  @Override
  public void process(InputRecord in, Consumer<OutputRecord> out) {
    int side = JoinSideKeyer.sideOf(in);
    if (side < 0 || in.keyJson() == null) return;
    this.out = out;
    output.current(in);
    retract = in.headers().containsKey(ForeignKeyKeyer.RETRACT);
    streamTime = Math.max(streamTime, in.timestamp());
    SideRecord record = JoinSideKeyer.recordOf(in);
    SideRecord[] sides = new SideRecord[steps[0].sources()];
    sides[side] = record;
    SideRecord.Joined row = new SideRecord.Joined(sides, record.timestamp());
    boolean deleted = record.value() == null;
    if (side == 0) step(0, true, row, deleted, in.keyJson());
    else step(side - 1, false, row, deleted, in.keyJson());
  }

  /** Feeds one row to a step's left or right side; what the step produces goes on to the next step, or out. */
  private void step(int s, boolean left, SideRecord.Joined row, boolean deleted, String key) {
    StepSpec spec = steps[s];
    JoinStepState state = states[s];
    // A row whose left key reads a source the earlier steps left empty meets nothing.
    if (left && s > 0 && row.sides()[spec.leftSource()] == null) key = null;
    switch (spec.kind()) {
      case STREAM_STREAM -> streamStream(s, spec, state, left, row, deleted, key);
      case STREAM_TABLE -> streamTable(s, spec, state, left, row, deleted, key);
      case TABLE_TABLE -> tableTable(s, spec, state, left, row, deleted, key);
      case FOREIGN_KEY -> foreignKey(s, spec, state, left, row, deleted, key);
    }
    changes.put(state.metaKey(), state.meta());
  }

  private void result(int s, SideRecord.Joined row, boolean deleted, String key) {
    result(s, row, deleted, key, null);
  }

  /** {@code before}: for a table result, the row this change replaces (null: none), so a delete of nothing emits nothing. */
  private void result(int s, SideRecord.Joined row, boolean deleted, String key, SideRecord.Joined before) {
    if (s + 1 < steps.length) step(s + 1, true, row, deleted, key);
    else output.emit(row, deleted, key, before, out);
  }

  private void streamStream(int s, StepSpec spec, JoinStepState state, boolean left, SideRecord.Joined row, boolean deleted, String key) {
    if (deleted) return; // Kafka Streams skips stream records without a value
    JoinPlan.Window w = spec.window();
    long retention = w.retentionMillis();
    long ts = row.timestamp();
    JoinStepState.WindowStore mine = state.windows[JoinStepState.side(left)];
    JoinStepState.WindowStore other = state.windows[JoinStepState.side(!left)];
    if (key == null) {
      if (spec.outer(left)) result(s, unmatched(left, row, s), false, null);
      return;
    }
    // KStreamJoinWindow puts the record into its side's store before the join looks at the other side.
    mine.put(key, row, retention);
    long from = Math.max(0, left ? ts - w.beforeMillis() : ts - w.afterMillis());
    long to = Math.max(0, left ? ts + w.afterMillis() : ts + w.beforeMillis());
    state.streamTime = Math.max(state.streamTime, ts);
    if (spec.holdsUnmatched() && ts == state.streamTime) emitClosed(s, spec, state);
    var matches = other.fetch(key, from, to, retention);
    if (!matches.isEmpty()) {
      for (JoinStepState.Entry m : matches) {
        SideRecord.Joined joined = left ? combine(row, m.row(), s, Math.max(ts, m.timestamp()))
            : combine(m.row(), row, s, Math.max(ts, m.timestamp()));
        if (spec.holdsUnmatched()) state.matched(!left, key, m.timestamp());
        result(s, joined, false, key);
      }
    } else if (spec.outer(left)) {
      if (!spec.holdsUnmatched() || to < state.streamTime) result(s, unmatched(left, row, s), false, key);
      else state.holdUnmatched(left, key, row);
    }
  }

  /** Emits, with nulls for the other side, the held records whose window and grace period have passed. */
  private void emitClosed(int s, StepSpec spec, JoinStepState state) {
    JoinPlan.Window w = spec.window();
    for (var e : new java.util.ArrayList<>(state.outer.entrySet())) {
      JoinStepState.OuterKey k = e.getKey();
      long lookBack = k.left() ? w.afterMillis() : w.beforeMillis();
      if (k.timestamp() + lookBack + w.grace() >= state.streamTime) continue;
      state.removeUnmatched(k);
      result(s, unmatched(k.left(), e.getValue(), s), false, k.joinKey());
    }
  }

  private void streamTable(int s, StepSpec spec, JoinStepState state, boolean left, SideRecord.Joined row, boolean deleted, String key) {
    if (!left) {
      if (key != null) state.putTableRow(false, key, deleted ? null : row);
      return;
    }
    if (deleted) return;
    SideRecord.Joined tableRow = key == null ? null : state.tableRow(false, key);
    if (tableRow != null) result(s, combine(row, tableRow, s, row.timestamp()), false, key);
    else if (spec.outer(true)) result(s, unmatched(true, row, s), false, key);
  }

  private void tableTable(int s, StepSpec spec, JoinStepState state, boolean left, SideRecord.Joined row, boolean deleted, String key) {
    if (key == null) return;
    SideRecord.Joined old = state.tableRow(left, key);
    state.putTableRow(left, key, deleted ? null : row);
    SideRecord.Joined other = state.tableRow(!left, key);
    SideRecord.Joined before = joinedRow(spec, s, left, old, other);
    if (other == null) {
      if (!spec.outer(left)) return;
      if (deleted && old == null) return;
    }
    long ts = other == null ? row.timestamp() : Math.max(row.timestamp(), other.timestamp());
    if (deleted) {
      // The other side alone stays a row only where the join keeps unmatched rows of that side.
      if (other != null && spec.outer(!left)) {
        result(s, left ? unmatched(false, other, s).withTime(ts) : unmatched(true, other, s).withTime(ts), false, key, before);
      } else {
        // The deleted side's record carries the key the output's key columns read.
        SideRecord.Joined gone = other == null ? (left ? unmatched(true, row, s) : unmatched(false, row, s))
            : left ? combine(row, other, s, ts) : combine(other, row, s, ts);
        result(s, gone.withTime(ts), true, key, before);
      }
      return;
    }
    SideRecord.Joined joined = other == null ? unmatched(left, row, s) : left ? combine(row, other, s, ts) : combine(other, row, s, ts);
    result(s, joined.withTime(ts), false, key, before);
  }

  /**
   * A foreign-key join: left rows are held under the right key they point to (a row whose foreign
   * key changed was withdrawn from its old partition by stage one). The result is keyed by the left
   * row's key and timed by the change that made it. An inner join writes a delete for a left row
   * without a match: its old foreign key's partition cannot tell this one whether it had been joined.
   */
  private void foreignKey(int s, StepSpec spec, JoinStepState state, boolean left, SideRecord.Joined row, boolean deleted, String key) {
    if (key == null) return;
    if (left) {
      String leftKey = row.sides()[0].keyJson();
      SideRecord.Joined old = state.foreignRow(key, leftKey);
      if (retract || deleted) {
        state.putForeignRow(key, leftKey, null);
        // ksqlDB writes a left row's delete even when the join had already deleted its result.
        if (deleted) result(s, row, true, key, UNKNOWN_BEFORE);
        return;
      }
      state.putForeignRow(key, leftKey, row);
      SideRecord.Joined right = state.tableRow(false, key);
      if (right != null) result(s, combine(row, right, s, row.timestamp()), false, key, UNKNOWN_BEFORE);
      else if (spec.outer(true)) result(s, unmatched(true, row, s), false, key, UNKNOWN_BEFORE);
      else result(s, row, true, key, UNKNOWN_BEFORE);
      return;
    }
    SideRecord.Joined old = state.tableRow(false, key);
    if (deleted && old == null) return;
    state.putTableRow(false, key, deleted ? null : row);
    for (SideRecord.Joined l : state.foreignRows(key)) {
      long ts = row.timestamp();
      if (!deleted) result(s, combine(l, row, s, ts), false, key, UNKNOWN_BEFORE);
      else if (spec.outer(true)) result(s, unmatched(true, l, s).withTime(ts), false, key, UNKNOWN_BEFORE);
      else result(s, l.withTime(ts), true, key, UNKNOWN_BEFORE);
    }
  }

  /** The row a table-table join holds for one side's row and the other's (null when the join type keeps none). */
  private SideRecord.Joined joinedRow(StepSpec spec, int s, boolean left, SideRecord.Joined mine, SideRecord.Joined other) {
    if (mine == null && other == null) return null;
    if (mine != null && other != null) return left ? combine(mine, other, s, 0) : combine(other, mine, s, 0);
    if (mine != null) return spec.outer(left) ? unmatched(left, mine, s) : null;
    return spec.outer(!left) ? unmatched(!left, other, s) : null;
  }

  /** The joined row of step {@code s}: the left row's sources and the right source's record. */
  private SideRecord.Joined combine(SideRecord.Joined left, SideRecord.Joined right, int s, long ts) {
    SideRecord[] sides = left.sides().clone();
    sides[s + 1] = right.sides()[s + 1];
    return new SideRecord.Joined(sides, ts);
  }

  /** A row of one side alone (the other side's columns null). */
  private SideRecord.Joined unmatched(boolean left, SideRecord.Joined row, int s) {
    SideRecord[] sides = new SideRecord[row.sides().length];
    if (left) {
      for (int i = 0; i <= s; i++) sides[i] = row.sides()[i];
    } else {
      sides[s + 1] = row.sides()[s + 1];
    }
    return new SideRecord.Joined(sides, row.timestamp());
  }

  @Override
  public void restore(String key, byte[] state) {
    int bar = key.indexOf('|');
    states[Integer.parseInt(key.substring(0, bar))].restore(key.substring(bar + 1), state);
  }

  @Override
  public void restoreStreamTime(long time) {
    streamTime = time;
  }

  @Override
  public long streamTime() {
    return streamTime;
  }

  @Override
  public void endOfBatch() {
    for (int s = 0; s < steps.length; s++) {
      if (steps[s].kind() != Kind.STREAM_STREAM) continue;
      long retention = steps[s].window().retentionMillis();
      states[s].windows[0].expire(retention);
      states[s].windows[1].expire(retention);
    }
  }

  @Override
  public Map<String, byte[]> drainChanges() {
    Map<String, byte[]> drained = new LinkedHashMap<>(changes);
    changes.clear();
    return drained;
  }
}

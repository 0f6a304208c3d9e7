package io.streamsql.core.sql.plan.join;

import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.core.sql.plan.StatefulProcessor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stage one of the left table of a foreign-key join: keys each row change by the row's foreign key,
 * and remembers, per left key, the foreign key it was last sent under. A row whose foreign key
 * changes is withdrawn from its old state partition ({@link #RETRACT}) before it is sent to the new
 * one; a delete goes to the partition that holds the row. A null foreign key is the key
 * {@code null}, which no right row has: a LEFT join still emits the row.
 */
public final class ForeignKeyKeyer implements StatefulProcessor {
  /** Header: the record withdraws its left row from this partition without an output. */
  public static final String RETRACT = "streamsql.join.retract";
  static final String NULL_KEY = "null";

  private final JoinSideKeyer keyer;
  private final Map<String, String> sentUnder = new HashMap<>();
  private final Map<String, byte[]> changes = new LinkedHashMap<>();
  private long streamTime = Long.MIN_VALUE;

  ForeignKeyKeyer(JoinSideKeyer keyer) {
    this.keyer = keyer;
  }

  @Override
  public void process(InputRecord in, Consumer<OutputRecord> out) {
    if (in.keyJson() == null) return;
    streamTime = Math.max(streamTime, in.timestamp());
    String previous = sentUnder.get(in.keyJson());
    if (in.valueJson() == null) {
      if (previous == null) return;
      out.accept(tagged(in, previous, null, false));
      forget(in.keyJson());
      return;
    }
    List<OutputRecord> keyed = new java.util.ArrayList<>();
    keyer.process(in, keyed::add);
    String now;
    if (keyed.isEmpty()) {
      // The row could not be read (reported by the keyer), or its foreign key is null.
      if (!keyer.readable(in)) return;
      now = NULL_KEY;
    } else {
      now = keyed.get(0).keyJson();
    }
    if (previous != null && !previous.equals(now)) out.accept(tagged(in, previous, in.valueJson(), true));
    out.accept(keyed.isEmpty() ? tagged(in, now, in.valueJson(), false) : keyed.get(0));
    sentUnder.put(in.keyJson(), now);
    changes.put(in.keyJson(), now.getBytes(StandardCharsets.UTF_8));
  }

  private void forget(String key) {
    sentUnder.remove(key);
    changes.put(key, null);
  }

  private OutputRecord tagged(InputRecord in, String joinKey, byte[] value, boolean retract) {
    Map<String, String> headers = new HashMap<>(in.headers());
    headers.put(JoinSideKeyer.SIDE, "0");
    headers.put(JoinSideKeyer.KEY, in.keyJson());
    headers.put(JoinSideKeyer.POSITION, in.partition() + ":" + in.offset());
    if (retract) headers.put(RETRACT, "1");
    return new OutputRecord(joinKey, value, in.timestamp(), headers);
  }

  @Override
  public void restore(String key, byte[] state) {
    sentUnder.put(key, new String(state, StandardCharsets.UTF_8));
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
  public void endOfBatch() {}

  @Override
  public Map<String, byte[]> drainChanges() {
    Map<String, byte[]> drained = new LinkedHashMap<>(changes);
    changes.clear();
    return drained;
  }
}

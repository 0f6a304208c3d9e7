package io.streamsql.core.sql.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.streamsql.core.sql.serde.JsonValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The first stage of aggregating a TABLE, per source partition: turns each row change into grouped
 * rows and remembers, per source key, the grouped row it last contributed, so that a change or a
 * delete takes the old contribution out again (ksqlDB's undo). A change within one group is one
 * grouped row carrying the old arguments in {@link #UNDO_HEADER}; a change of group is an undo-only
 * row for the old group and a new row for the new one.
 */
public final class TableRegrouper implements StatefulProcessor {
  /** Header of a grouped row holding (base64 of) the JSON arguments of the row it replaces. */
  public static final String UNDO_HEADER = "streamsql-undo";

  private final QueryProcessor toGrouped;
  private final Map<String, String[]> previous = new HashMap<>();
  private final LinkedHashSet<String> changed = new LinkedHashSet<>();
  private long streamTime = Long.MIN_VALUE;

  public TableRegrouper(QueryProcessor toGrouped) {
    this.toGrouped = toGrouped;
  }

  @Override
  public void restore(String key, byte[] state) {
    JsonNode n = RecordJson.read(state);
    previous.put(key, new String[] {n.get(0).asText(), n.get(1).asText()});
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
  public void process(InputRecord in, Consumer<OutputRecord> out) {
    if (in.keyJson() == null) return;
    streamTime = Math.max(streamTime, in.timestamp());
    List<OutputRecord> grouped = new ArrayList<>();
    toGrouped.process(in, grouped::add);
    OutputRecord now = grouped.isEmpty() || grouped.get(0).valueJson() == null ? null : grouped.get(0);
    String[] before = previous.get(in.keyJson());
    if (now == null && before == null) return;
    String nowArgs = now == null ? null : new String(now.valueJson(), StandardCharsets.UTF_8);
    if (before != null && now != null && before[0].equals(now.keyJson())) {
      if (Objects.equals(before[1], nowArgs)) {
        // ksqlDB forwards an unchanged row as a change too: undo and redo give the same aggregate, and an output.
      }
      out.accept(new OutputRecord(now.keyJson(), now.valueJson(), in.timestamp(), Map.of(UNDO_HEADER, encode(before[1]))));
    } else {
      if (before != null) out.accept(new OutputRecord(before[0], null, in.timestamp(), Map.of(UNDO_HEADER, encode(before[1]))));
      if (now != null) out.accept(new OutputRecord(now.keyJson(), now.valueJson(), in.timestamp()));
    }
    if (now == null) previous.remove(in.keyJson());
    else previous.put(in.keyJson(), new String[] {now.keyJson(), nowArgs});
    changed.add(in.keyJson());
  }

  private static String encode(String json) {
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void endOfBatch() {}

  @Override
  public Map<String, byte[]> drainChanges() {
    Map<String, byte[]> out = new HashMap<>();
    for (String key : changed) {
      String[] p = previous.get(key);
      if (p == null) {
        out.put(key, null);
      } else {
        ArrayNode a = JsonValues.NODES.arrayNode().add(p[0]).add(p[1]);
        out.put(key, RecordJson.bytes(a));
      }
    }
    changed.clear();
    return out;
  }
}

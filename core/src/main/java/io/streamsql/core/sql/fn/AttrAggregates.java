package io.streamsql.core.sql.fn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ksqlDB's ATTR: the group's value when it has exactly one distinct value, else null. Null is a
 * value like any other (as in ksqlDB), so {@code 'a', null} gives null. The accumulator counts each
 * distinct value, {@code ARRAY<STRUCT<VALUE T, COUNT INT>>}, so a table row's value can be taken
 * back out: a value whose count falls to 0 no longer counts.
 */
public final class AttrAggregates {
  private AttrAggregates() {}

  @Udaf(name = "ATTR", description = "The value of the group if all its rows have the same value (null counts as a value), else null.",
      params = {"T"}, returns = "T", aggregate = "ARRAY<STRUCT<VALUE T, COUNT INT>>")
  public static TableAggregator<Object, List<Map<String, Object>>, Object> attr() {
    return new Attr();
  }

  private static final class Attr implements TableAggregator<Object, List<Map<String, Object>>, Object> {
    @Override
    public List<Map<String, Object>> initialize() {
      return Collections.emptyList();
    }

    @Override
    public List<Map<String, Object>> aggregate(Object value, List<Map<String, Object>> counts) {
      return update(counts, value, 1);
    }

    @Override
    public List<Map<String, Object>> undo(Object value, List<Map<String, Object>> counts) {
      return update(counts, value, -1);
    }

    @Override
    public List<Map<String, Object>> merge(List<Map<String, Object>> left, List<Map<String, Object>> right) {
      List<Map<String, Object>> out = left;
      for (Map<String, Object> e : right) out = update(out, e.get("VALUE"), (Integer) e.get("COUNT"));
      return out;
    }

    @Override
    public Object map(List<Map<String, Object>> counts) {
      Object only = null;
      int present = 0;
      for (Map<String, Object> e : counts) {
        if ((Integer) e.get("COUNT") > 0) {
          only = e.get("VALUE");
          present++;
        }
      }
      return present == 1 ? only : null;
    }

    /** A copy of the counts with {@code delta} added to the value's count (never below 0; a new value only when the delta is positive). */
    private static List<Map<String, Object>> update(List<Map<String, Object>> counts, Object value, int delta) {
      List<Map<String, Object>> out = new ArrayList<>(counts.size() + 1);
      boolean found = false;
      for (Map<String, Object> e : counts) {
        if (!found && Objects.equals(e.get("VALUE"), value)) {
          found = true;
          out.add(Accumulators.struct("VALUE", value, "COUNT", Math.max(0, (Integer) e.get("COUNT") + delta)));
        } else {
          out.add(e);
        }
      }
      if (!found && delta > 0) out.add(Accumulators.struct("VALUE", value, "COUNT", delta));
      return Accumulators.list(out);
    }
  }
}

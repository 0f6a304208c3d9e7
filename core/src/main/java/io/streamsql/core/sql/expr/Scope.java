package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SqlType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names an expression can see: the columns of the row (slot = index in the row array) and,
 * inside a lambda, its parameters, which take slots after the columns.
 */
public final class Scope {
  /** A named value in the row array. */
  public record Slot(int index, SqlType type) {}

  private final Map<String, Slot> columns;
  private final List<String> qualifiers;
  private final Scope parent;
  private final int[] nextSlot;

  private Scope(Map<String, Slot> columns, List<String> qualifiers, Scope parent, int[] nextSlot) {
    this.columns = columns;
    this.qualifiers = qualifiers;
    this.parent = parent;
    this.nextSlot = nextSlot;
  }

  /** A scope over row columns; {@code qualifiers} are the source names and aliases that may prefix a column. */
  public static Scope ofColumns(Map<String, Slot> columns, List<String> qualifiers, int width) {
    return new Scope(new LinkedHashMap<>(columns), List.copyOf(qualifiers), null, new int[] {width});
  }

  public Slot resolve(String name) {
    Slot s = columns.get(name);
    if (s == null && parent != null) return parent.resolve(name);
    return s;
  }

  public boolean isQualifier(String name) {
    if (qualifiers.contains(name)) return true;
    return parent != null && parent.isQualifier(name);
  }

  /** A child scope binding lambda parameters to fresh slots. */
  public Scope withLambda(List<String> names, List<SqlType> types) {
    Map<String, Slot> vars = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) vars.put(names.get(i), new Slot(nextSlot[0]++, types.get(i)));
    return new Scope(vars, List.of(), this, nextSlot);
  }

  /** How many slots a row array needs: the columns plus every lambda parameter compiled so far. */
  public int width() {
    return nextSlot[0];
  }
}

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
  private final int errorSlot;
  /** Unqualified names more than one joined source has, with the error that names them. */
  private final Map<String, String> ambiguous;
  private final boolean joined;

  private Scope(Map<String, Slot> columns, List<String> qualifiers, Scope parent, int[] nextSlot, int errorSlot) {
    this(columns, qualifiers, parent, nextSlot, errorSlot, Map.of(), false);
  }

  private Scope(
      Map<String, Slot> columns, List<String> qualifiers, Scope parent, int[] nextSlot, int errorSlot, Map<String, String> ambiguous,
      boolean joined) {
    this.ambiguous = ambiguous;
    this.joined = joined;
    this.columns = columns;
    this.qualifiers = qualifiers;
    this.parent = parent;
    this.nextSlot = nextSlot;
    this.errorSlot = errorSlot;
  }

  /** A scope over row columns; {@code qualifiers} are the source names and aliases that may prefix a column. */
  public static Scope ofColumns(Map<String, Slot> columns, List<String> qualifiers, int width) {
    return ofRow(columns, qualifiers, width, -1);
  }

  /**
   * A scope over the rows of a running query: slot {@code errorSlot} (below {@code width}) holds the
   * record's {@link RowErrors}, where failing constructor elements are reported.
   */
  public static Scope ofRow(Map<String, Slot> columns, List<String> qualifiers, int width, int errorSlot) {
    return new Scope(new LinkedHashMap<>(columns), List.copyOf(qualifiers), null, new int[] {width}, errorSlot);
  }

  /**
   * The scope of a joined row: columns are registered qualified ({@code ALIAS.NAME}) and, when only
   * one source has them, unqualified; {@code ambiguous} maps the other unqualified names to their error.
   */
  public static Scope ofJoin(Map<String, Slot> columns, List<String> qualifiers, int width, int errorSlot, Map<String, String> ambiguous) {
    return new Scope(new LinkedHashMap<>(columns), List.copyOf(qualifiers), null, new int[] {width}, errorSlot, Map.copyOf(ambiguous), true);
  }

  /** Whether columns are registered qualified (a joined row): a qualified name never falls back to an unqualified one. */
  public boolean qualifiesColumns() {
    return joined || parent != null && parent.qualifiesColumns();
  }

  /** The error for an unqualified name several joined sources have, or null. */
  public String ambiguity(String name) {
    String a = ambiguous.get(name);
    if (a == null && parent != null) return parent.ambiguity(name);
    return a;
  }

  /** The slot holding the row's {@link RowErrors}, or -1 when rows have none. */
  public int errorSlot() {
    return errorSlot;
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
    return new Scope(vars, List.of(), this, nextSlot, errorSlot);
  }

  /** Whether this scope is a lambda body's (its parameters are bound over the row's columns). */
  public boolean inLambda() {
    return parent != null;
  }

  /** How many slots a row array needs: the columns plus every lambda parameter compiled so far. */
  public int width() {
    return nextSlot[0];
  }
}

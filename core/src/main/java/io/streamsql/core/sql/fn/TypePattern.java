package io.streamsql.core.sql.fn;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.util.List;
import java.util.Map;

/**
 * A parameter or return type of a function signature: a concrete type, a type variable
 * ({@code T}, {@code K}, …; {@code DECIMAL} and {@code STRUCT} are variables over all decimals
 * and structs), an exact DECIMAL(p, s), or an ARRAY/MAP of patterns.
 */
sealed interface TypePattern {
  record Exact(SqlType type) implements TypePattern {}

  /** {@code kind} restricts what the variable binds: ANY, DECIMAL or STRUCT. */
  record Var(String name, String kind) implements TypePattern {}

  record ArrayOf(TypePattern element) implements TypePattern {}

  record MapOf(TypePattern key, TypePattern value) implements TypePattern {}

  /** A struct of named field patterns, e.g. {@code STRUCT<K STRING, V T>}. */
  record StructOf(List<FieldOf> fields) implements TypePattern {}

  record FieldOf(String name, TypePattern type) {}

  /**
   * The decimal bound to {@code DECIMAL} without its fraction digits: DECIMAL(p - s, 0), as ksqlDB
   * types ROUND and TRUNC of a decimal. At least one digit of precision is kept.
   */
  record IntegralDecimal() implements TypePattern {}

  static TypePattern parse(String text) {
    String t = text.trim().toUpperCase(java.util.Locale.ROOT);
    if (t.startsWith("ARRAY<")) return new ArrayOf(parse(t.substring(6, t.length() - 1)));
    if (t.startsWith("MAP<")) {
      List<String> parts = topLevelParts(t.substring(4, t.length() - 1));
      if (parts.size() != 2) throw new IllegalArgumentException("bad MAP pattern " + text);
      return new MapOf(parse(parts.get(0)), parse(parts.get(1)));
    }
    if (t.startsWith("STRUCT<")) {
      List<FieldOf> fields = new java.util.ArrayList<>();
      for (String part : topLevelParts(t.substring(7, t.length() - 1))) {
        String field = part.trim();
        int space = field.indexOf(' ');
        if (space < 0) throw new IllegalArgumentException("bad STRUCT pattern " + text);
        fields.add(new FieldOf(field.substring(0, space), parse(field.substring(space + 1))));
      }
      return new StructOf(List.copyOf(fields));
    }
    return switch (t.replace(" ", "")) {
      case "BOOLEAN" -> new Exact(SqlTypes.BOOLEAN);
      case "INT", "INTEGER" -> new Exact(SqlTypes.INT);
      case "BIGINT" -> new Exact(SqlTypes.BIGINT);
      case "DOUBLE" -> new Exact(SqlTypes.DOUBLE);
      case "STRING", "VARCHAR" -> new Exact(SqlTypes.STRING);
      case "BYTES" -> new Exact(SqlTypes.BYTES);
      case "DATE" -> new Exact(SqlTypes.DATE);
      case "TIME" -> new Exact(SqlTypes.TIME);
      case "TIMESTAMP" -> new Exact(SqlTypes.TIMESTAMP);
      case "DECIMAL" -> new Var("DECIMAL", "DECIMAL");
      case "STRUCT" -> new Var("STRUCT", "STRUCT");
      case "DECIMAL(P-S,0)" -> new IntegralDecimal();
      default -> {
        if (t.matches("[A-Z][0-9]?")) yield new Var(t, "ANY");
        var decimal = java.util.regex.Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)").matcher(t.replace(" ", ""));
        if (decimal.matches()) yield new Exact(new SqlType.Decimal(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2))));
        throw new IllegalArgumentException("bad type pattern " + text);
      }
    };
  }

  /** The comma-separated parts of a type list, ignoring commas nested inside angle brackets. */
  private static List<String> topLevelParts(String inner) {
    List<String> parts = new java.util.ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '<') depth++;
      else if (c == '>') depth--;
      else if (c == ',' && depth == 0) {
        parts.add(inner.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(inner.substring(start));
    return parts;
  }

  /** The concrete type under {@code bindings}, or null if a variable is unbound. */
  default SqlType resolve(Map<String, SqlType> bindings) {
    if (this instanceof Exact e) return e.type();
    if (this instanceof Var v) return bindings.get(v.name());
    if (this instanceof ArrayOf a) {
      SqlType e = a.element().resolve(bindings);
      return e == null ? null : new SqlType.Array(e);
    }
    if (this instanceof IntegralDecimal) {
      if (!(bindings.get("DECIMAL") instanceof SqlType.Decimal d)) return null;
      return new SqlType.Decimal(Math.max(d.precision() - d.scale(), 1), 0);
    }
    if (this instanceof StructOf s) {
      List<SqlType.Field> fields = new java.util.ArrayList<>();
      for (FieldOf f : s.fields()) {
        SqlType ft = f.type().resolve(bindings);
        if (ft == null) return null;
        fields.add(new SqlType.Field(f.name(), ft));
      }
      return new SqlType.Struct(fields);
    }
    MapOf m = (MapOf) this;
    SqlType k = m.key().resolve(bindings);
    SqlType v = m.value().resolve(bindings);
    return k == null || v == null ? null : new SqlType.Map(k, v);
  }

  /** Collects what each variable would bind to from one argument type; false if the shape does not match. */
  default boolean collect(SqlType arg, Map<String, List<SqlType>> seen) {
    if (SqlTypes.isNull(arg)) return true;
    if (this instanceof Exact) return true;
    if (this instanceof Var v) {
      if (v.kind().equals("DECIMAL") && !(arg instanceof SqlType.Decimal)) return SqlTypes.isNumeric(arg) && !SqlTypes.isBase(arg, SqlType.Base.DOUBLE);
      if (v.kind().equals("STRUCT") && !(arg instanceof SqlType.Struct)) return false;
      seen.computeIfAbsent(v.name(), k -> new java.util.ArrayList<>()).add(v.kind().equals("DECIMAL") ? SqlTypes.asDecimal(arg) : arg);
      return true;
    }
    if (this instanceof ArrayOf a) return arg instanceof SqlType.Array at && a.element().collect(at.element(), seen);
    if (this instanceof IntegralDecimal) return false; // only a return type
    if (this instanceof StructOf s) {
      if (!(arg instanceof SqlType.Struct st) || st.fields().size() != s.fields().size()) return false;
      for (int i = 0; i < s.fields().size(); i++) {
        FieldOf f = s.fields().get(i);
        SqlType.Field actual = st.fields().get(i);
        if (!f.name().equals(actual.name()) || !f.type().collect(actual.type(), seen)) return false;
      }
      return true;
    }
    MapOf m = (MapOf) this;
    return arg instanceof SqlType.Map mt && m.key().collect(mt.key(), seen) && m.value().collect(mt.value(), seen);
  }

  default String sql() {
    if (this instanceof Exact e) return e.type().sql();
    if (this instanceof Var v) return v.name();
    if (this instanceof ArrayOf a) return "ARRAY<" + a.element().sql() + ">";
    if (this instanceof IntegralDecimal) return "DECIMAL(p - s, 0)";
    if (this instanceof StructOf s) {
      return s.fields().stream().map(f -> f.name() + " " + f.type().sql())
          .collect(java.util.stream.Collectors.joining(", ", "STRUCT<", ">"));
    }
    MapOf m = (MapOf) this;
    return "MAP<" + m.key().sql() + ", " + m.value().sql() + ">";
  }
}

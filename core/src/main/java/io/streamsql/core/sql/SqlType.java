package io.streamsql.core.sql;

import java.util.List;
import java.util.stream.Collectors;

/** A column type of ksqlDB's SQL: primitives, DECIMAL(p,s), ARRAY, MAP and STRUCT. */
public sealed interface SqlType {
  enum Base { BOOLEAN, INT, BIGINT, DOUBLE, STRING, BYTES, DATE, TIME, TIMESTAMP }

  /** The type as ksqlDB writes it, e.g. {@code MAP<STRING, ARRAY<INTEGER>>}. */
  String sql();

  record Primitive(Base base) implements SqlType {
    public String sql() {
      return base == Base.INT ? "INTEGER" : base.name();
    }
  }

  record Decimal(int precision, int scale) implements SqlType {
    public String sql() {
      return "DECIMAL(" + precision + ", " + scale + ")";
    }
  }

  record Array(SqlType element) implements SqlType {
    public String sql() {
      return "ARRAY<" + element.sql() + ">";
    }
  }

  record Map(SqlType key, SqlType value) implements SqlType {
    public String sql() {
      return "MAP<" + key.sql() + ", " + value.sql() + ">";
    }
  }

  /** The type of a bare {@code NULL} literal: it converts to any other type. */
  record Null() implements SqlType {
    public String sql() {
      return "NULL";
    }
  }

  record Field(String name, SqlType type) {}

  record Struct(List<Field> fields) implements SqlType {
    public Struct {
      fields = List.copyOf(fields);
    }

    public String sql() {
      // "STRUCT< >": written "<>" it would read back as the not-equal operator.
      if (fields.isEmpty()) return "STRUCT< >";
      return fields.stream().map(f -> "`" + f.name() + "` " + f.type().sql()).collect(Collectors.joining(", ", "STRUCT<", ">"));
    }
  }
}

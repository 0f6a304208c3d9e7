package io.streamsql.cluster.sql;

import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.fn.FunctionSignature;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.persistence.sql.SqlQuery;
import io.streamsql.persistence.sql.SqlSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The response entities of ksqlDB's {@code /ksql} endpoint, so existing clients read them unchanged. */
final class KsqlEntities {
  private KsqlEntities() {}

  static Map<String, Object> currentStatus(String statement, String commandId, String message, String queryId, long seq) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("status", "SUCCESS");
    status.put("message", message);
    status.put("queryId", queryId);
    Map<String, Object> m = entity("currentStatus", statement);
    m.put("commandId", commandId);
    m.put("commandStatus", status);
    m.put("commandSequenceNumber", seq);
    m.put("warnings", List.of());
    return m;
  }

  static Map<String, Object> entity(String type, String statement) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("@type", type);
    m.put("statementText", statement);
    return m;
  }

  static Map<String, Object> sources(String statement, String kind, List<SourceSchema> sources) {
    String plural = kind.equals("STREAM") ? "streams" : "tables";
    Map<String, Object> m = entity(plural, statement);
    List<Map<String, Object>> list = new ArrayList<>();
    for (SourceSchema s : sources) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("type", kind);
      e.put("name", s.name());
      e.put("topic", s.topic());
      e.put("keyFormat", String.valueOf(s.keyFormat()));
      e.put("valueFormat", String.valueOf(s.valueFormat()));
      e.put("isWindowed", false);
      list.add(e);
    }
    m.put(plural, list);
    m.put("warnings", List.of());
    return m;
  }

  static Map<String, Object> queries(String statement, List<SqlQuery> queries, Map<String, String> sinkTopics, Map<String, String> states) {
    Map<String, Object> m = entity("queries", statement);
    List<Map<String, Object>> list = new ArrayList<>();
    for (SqlQuery q : queries) list.add(query(q, sinkTopics, states.getOrDefault(q.id(), "RUNNING")));
    m.put("queries", list);
    m.put("warnings", List.of());
    return m;
  }

  static Map<String, Object> query(SqlQuery q, Map<String, String> sinkTopics, String state) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("queryString", q.statement());
    e.put("sinks", List.of(q.sink()));
    e.put("sinkKafkaTopics", List.of(sinkTopics.getOrDefault(q.sink(), q.sink())));
    e.put("id", q.id());
    e.put("statusCount", Map.of(state, 1));
    e.put("queryType", "PERSISTENT");
    e.put("state", state);
    return e;
  }

  static Map<String, Object> sourceDescription(
      String statement, SourceSchema s, SqlSource source, List<String> readers, List<String> writers, boolean extended) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", s.name());
    d.put("windowType", null);
    d.put("readQueries", readers.stream().map(id -> Map.of("id", id)).toList());
    d.put("writeQueries", writers.stream().map(id -> Map.of("id", id)).toList());
    List<Map<String, Object>> fields = new ArrayList<>();
    for (Serde.Column c : s.keyColumns()) fields.add(field(c.name(), c.type(), s.isTable() ? "PRIMARY_KEY" : "KEY"));
    for (Serde.Column c : s.valueColumns()) fields.add(field(c.name(), c.type(), null));
    // ksqlDB's FieldInfo marks header columns with type HEADER and, for HEADER('k'), the headerKey.
    for (io.streamsql.core.sql.plan.HeaderColumn h : s.headerColumns()) {
      Map<String, Object> f = field(h.name(), h.type(), "HEADER");
      if (!h.allHeaders()) f.put("headerKey", h.key());
      fields.add(f);
    }
    d.put("fields", fields);
    d.put("type", s.kind().name());
    d.put("timestamp", s.timestampColumn() == null ? "" : s.timestampColumn());
    d.put("statistics", "");
    d.put("errorStats", "");
    d.put("extended", extended);
    d.put("keyFormat", String.valueOf(s.keyFormat()));
    d.put("valueFormat", String.valueOf(s.valueFormat()));
    d.put("topic", s.topic());
    d.put("partitions", s.partitions());
    d.put("replication", 1);
    d.put("statement", source.ddl());
    d.put("sourceConstraints", List.of());
    Map<String, Object> m = entity("sourceDescription", statement);
    m.put("sourceDescription", d);
    m.put("warnings", List.of());
    return m;
  }

  private static Map<String, Object> field(String name, SqlType type, String fieldType) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("name", name);
    f.put("schema", schema(type));
    if (fieldType != null) f.put("type", fieldType);
    return f;
  }

  static Map<String, Object> schema(SqlType type) {
    Map<String, Object> s = new LinkedHashMap<>();
    if (type instanceof SqlType.Array a) {
      s.put("type", "ARRAY");
      s.put("fields", null);
      s.put("memberSchema", schema(a.element()));
    } else if (type instanceof SqlType.Map m) {
      s.put("type", "MAP");
      s.put("fields", null);
      s.put("memberSchema", schema(m.value()));
    } else if (type instanceof SqlType.Struct st) {
      s.put("type", "STRUCT");
      s.put("fields", st.fields().stream().map(f -> field(f.name(), f.type(), null)).toList());
      s.put("memberSchema", null);
    } else if (type instanceof SqlType.Decimal) {
      s.put("type", "DECIMAL");
      s.put("fields", null);
      s.put("memberSchema", null);
    } else {
      s.put("type", type.sql());
      s.put("fields", null);
      s.put("memberSchema", null);
    }
    return s;
  }

  static Map<String, Object> functionNames(String statement, Map<String, List<FunctionSignature>> functions) {
    Map<String, Object> m = entity("function_names", statement);
    List<Map<String, Object>> list = new ArrayList<>();
    for (String name : functions.keySet()) list.add(Map.of("name", name, "type", "SCALAR", "category", ""));
    m.put("functions", list);
    m.put("warnings", List.of());
    return m;
  }

  static Map<String, Object> describeFunction(String statement, String name, List<FunctionSignature> overloads) {
    Map<String, Object> m = entity("describe_function", statement);
    m.put("name", name.toUpperCase(Locale.ROOT));
    m.put("author", "StreamSQL");
    m.put("version", "");
    m.put("description", overloads.get(0).description());
    List<Map<String, Object>> fns = new ArrayList<>();
    for (FunctionSignature sig : overloads) {
      Map<String, Object> f = new LinkedHashMap<>();
      List<Map<String, Object>> args = new ArrayList<>();
      for (int i = 0; i < sig.params().size(); i++) {
        args.add(Map.of("name", "arg" + i, "type", sig.paramSql(i), "description", "",
            "isVariadic", sig.variadic() && i == sig.params().size() - 1));
      }
      f.put("arguments", args);
      f.put("returnType", sig.returnSql());
      f.put("description", sig.description());
      f.put("argumentTypes", sig.sql());
      fns.add(f);
    }
    m.put("functions", fns);
    m.put("path", "internal");
    m.put("type", "SCALAR");
    m.put("warnings", List.of());
    return m;
  }

  static Map<String, Object> properties(String statement, Map<String, Object> overrides) {
    Map<String, Object> m = entity("properties", statement);
    List<Map<String, Object>> list = new ArrayList<>();
    overrides.forEach((k, v) -> list.add(Map.of("name", k, "scope", "SESSION", "value", String.valueOf(v))));
    m.put("properties", list);
    m.put("overwrittenProperties", new ArrayList<>(overrides.keySet()));
    m.put("defaultProperties", List.of());
    m.put("warnings", List.of());
    return m;
  }

  static Map<String, Object> variables(String statement, Map<String, String> variables) {
    Map<String, Object> m = entity("variables", statement);
    m.put("variables", variables.entrySet().stream().map(e -> Map.of("name", e.getKey(), "value", e.getValue())).toList());
    m.put("warnings", List.of());
    return m;
  }

  static Map<String, Object> topics(String statement, List<Map<String, Object>> topics) {
    Map<String, Object> m = entity("kafka_topics", statement);
    m.put("topics", topics);
    m.put("warnings", List.of());
    return m;
  }
}

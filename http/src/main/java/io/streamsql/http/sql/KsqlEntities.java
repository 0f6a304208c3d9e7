package io.streamsql.http.sql;

import io.streamsql.cluster.sql.StatementResult;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.fn.FunctionSignature;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.serde.Serde;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders statement results as the response entities of ksqlDB's {@code /ksql} endpoint, so existing clients read them unchanged. */
final class KsqlEntities {
  private KsqlEntities() {}

  static List<Map<String, Object>> render(List<StatementResult> results) {
    return results.stream().map(KsqlEntities::render).toList();
  }

  static Map<String, Object> render(StatementResult result) {
    if (result instanceof StatementResult.CommandDone c) return currentStatus(c);
    if (result instanceof StatementResult.SourceList s) return sources(s);
    if (result instanceof StatementResult.QueryList q) return queries(q);
    if (result instanceof StatementResult.TopicList t) return topics(t);
    if (result instanceof StatementResult.SourceDescription d) return withEntity("sourceDescription", d.statementText(), description(d));
    if (result instanceof StatementResult.SourceDescriptions d) {
      Map<String, Object> m = entity("source_descriptions", d.statementText());
      m.put("sourceDescriptions", d.descriptions().stream().map(KsqlEntities::description).toList());
      m.put("warnings", List.of());
      return m;
    }
    if (result instanceof StatementResult.QueryDescription q) return withEntity("queryDescription", q.statementText(), queryDescription(q));
    if (result instanceof StatementResult.FunctionList f) return functionNames(f);
    if (result instanceof StatementResult.FunctionDescription f) return describeFunction(f);
    if (result instanceof StatementResult.PropertyList p) return properties(p);
    if (result instanceof StatementResult.VariableList v) return variables(v);
    if (result instanceof StatementResult.TypeList t) return types(t);
    throw new IllegalStateException("no ksqlDB entity for " + result.getClass().getSimpleName());
  }

  private static Map<String, Object> currentStatus(StatementResult.CommandDone c) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("status", "SUCCESS");
    status.put("message", c.message());
    status.put("queryId", c.queryId());
    Map<String, Object> m = entity("currentStatus", c.statementText());
    m.put("commandId", c.commandId());
    m.put("commandStatus", status);
    m.put("commandSequenceNumber", c.sequence());
    m.put("warnings", List.of());
    return m;
  }

  private static Map<String, Object> entity(String type, String statement) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("@type", type);
    m.put("statementText", statement);
    return m;
  }

  private static Map<String, Object> withEntity(String type, String statement, Map<String, Object> body) {
    Map<String, Object> m = entity(type, statement);
    m.put(type, body);
    m.put("warnings", List.of());
    return m;
  }

  private static Map<String, Object> sources(StatementResult.SourceList s) {
    String kind = s.kind().name();
    String plural = kind.equals("STREAM") ? "streams" : "tables";
    Map<String, Object> m = entity(plural, s.statementText());
    List<Map<String, Object>> list = new ArrayList<>();
    for (SourceSchema schema : s.sources()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("type", kind);
      e.put("name", schema.name());
      e.put("topic", schema.topic());
      e.put("keyFormat", String.valueOf(schema.keyFormat()));
      e.put("valueFormat", String.valueOf(schema.valueFormat()));
      e.put("isWindowed", schema.isWindowed());
      list.add(e);
    }
    m.put(plural, list);
    m.put("warnings", List.of());
    return m;
  }

  private static Map<String, Object> queries(StatementResult.QueryList q) {
    Map<String, Object> m = entity("queries", q.statementText());
    List<Map<String, Object>> list = new ArrayList<>();
    for (StatementResult.QueryInfo info : q.queries()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("queryString", info.query().statement());
      e.put("sinks", List.of(info.query().sink()));
      e.put("sinkKafkaTopics", List.of(info.sinkTopic()));
      e.put("id", info.query().id());
      e.put("statusCount", Map.of(info.state(), 1));
      e.put("queryType", info.queryType());
      e.put("state", info.state());
      list.add(e);
    }
    m.put("queries", list);
    m.put("warnings", List.of());
    return m;
  }

  private static Map<String, Object> description(StatementResult.SourceDescription r) {
    SourceSchema s = r.schema();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", s.name());
    d.put("windowType", windowType(s));
    d.put("readQueries", r.readQueries().stream().map(id -> Map.of("id", id)).toList());
    d.put("writeQueries", r.writeQueries().stream().map(id -> Map.of("id", id)).toList());
    d.put("fields", fields(s));
    d.put("type", s.kind().name());
    d.put("timestamp", s.timestampColumn() == null ? "" : s.timestampColumn());
    d.put("statistics", "");
    d.put("errorStats", "");
    d.put("extended", r.extended());
    d.put("keyFormat", String.valueOf(s.keyFormat()));
    d.put("valueFormat", String.valueOf(s.valueFormat()));
    d.put("topic", s.topic());
    d.put("partitions", s.partitions());
    d.put("replication", 1);
    d.put("statement", r.ddl());
    d.put("sourceConstraints", List.of());
    return d;
  }

  /** ksqlDB's WindowType of a windowed source (SESSION, HOPPING, TUMBLING), null for others. */
  private static String windowType(SourceSchema s) {
    return s.window() == null ? null : s.window().type().name();
  }

  private static List<Map<String, Object>> fields(SourceSchema s) {
    List<Map<String, Object>> fields = new ArrayList<>();
    for (Serde.Column c : s.keyColumns()) fields.add(field(c.name(), c.type(), s.isTable() ? "PRIMARY_KEY" : "KEY"));
    for (Serde.Column c : s.valueColumns()) fields.add(field(c.name(), c.type(), null));
    // ksqlDB's FieldInfo marks header columns with type HEADER and, for HEADER('k'), the headerKey.
    for (io.streamsql.core.sql.plan.HeaderColumn h : s.headerColumns()) {
      Map<String, Object> f = field(h.name(), h.type(), "HEADER");
      if (!h.allHeaders()) f.put("headerKey", h.key());
      fields.add(f);
    }
    return fields;
  }

  private static Map<String, Object> queryDescription(StatementResult.QueryDescription q) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", q.queryId() == null ? "" : q.queryId());
    d.put("statementText", q.queryStatement());
    d.put("windowType", q.sinkSchema() == null ? null : windowType(q.sinkSchema()));
    d.put("fields", q.sinkSchema() == null ? List.of() : fields(q.sinkSchema()));
    d.put("sources", q.sources());
    d.put("sinks", q.sinks());
    d.put("topology", "");
    d.put("executionPlan", q.executionPlan());
    d.put("overriddenProperties", Map.of());
    if (q.state() != null) d.put("state", q.state());
    d.put("queryType", "PERSISTENT");
    if (q.queryId() != null) d.put("nextOffsets", q.nextOffsets());
    // A repartitioning aggregation: grouped rows its state partitions have yet to take in (0 = the sink is up to nextOffsets).
    if (q.stateLag() != null) d.put("stateLag", q.stateLag());
    return d;
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

  private static Map<String, Object> functionNames(StatementResult.FunctionList f) {
    Map<String, Object> m = entity("function_names", f.statementText());
    List<Map<String, Object>> list = new ArrayList<>();
    for (String name : f.functions().keySet()) list.add(Map.of("name", name, "type", "SCALAR", "category", ""));
    for (String name : f.tableFunctions().keySet()) list.add(Map.of("name", name, "type", "TABLE", "category", ""));
    list.sort(java.util.Comparator.comparing(e -> (String) e.get("name")));
    m.put("functions", list);
    m.put("warnings", List.of());
    return m;
  }

  private static Map<String, Object> describeFunction(StatementResult.FunctionDescription fd) {
    Map<String, Object> m = entity("describe_function", fd.statementText());
    List<FunctionSignature> overloads = fd.overloads();
    m.put("name", fd.name().toUpperCase(Locale.ROOT));
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
    m.put("type", fd.table() ? "TABLE" : "SCALAR");
    m.put("warnings", List.of());
    return m;
  }

  private static Map<String, Object> properties(StatementResult.PropertyList p) {
    Map<String, Object> m = entity("properties", p.statementText());
    List<Map<String, Object>> list = new ArrayList<>();
    p.overrides().forEach((k, v) -> list.add(Map.of("name", k, "scope", "SESSION", "value", String.valueOf(v))));
    m.put("properties", list);
    m.put("overwrittenProperties", new ArrayList<>(p.overrides().keySet()));
    m.put("defaultProperties", List.of());
    m.put("warnings", List.of());
    return m;
  }

  private static Map<String, Object> variables(StatementResult.VariableList v) {
    Map<String, Object> m = entity("variables", v.statementText());
    m.put("variables", v.variables().entrySet().stream().map(e -> Map.of("name", e.getKey(), "value", e.getValue())).toList());
    m.put("warnings", List.of());
    return m;
  }

  private static Map<String, Object> topics(StatementResult.TopicList t) {
    Map<String, Object> m = entity("kafka_topics", t.statementText());
    List<Map<String, Object>> topics = new ArrayList<>();
    for (StatementResult.TopicInfo info : t.topics()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", info.name());
      List<Integer> replicas = new ArrayList<>();
      for (int p = 0; p < info.partitions(); p++) replicas.add(1);
      e.put("replicaInfo", replicas);
      topics.add(e);
    }
    m.put("topics", topics);
    m.put("warnings", List.of());
    return m;
  }

  /** ksqlDB's type_list entity: each type's schema as DESCRIBE shows a column's. */
  private static Map<String, Object> types(StatementResult.TypeList t) {
    Map<String, Object> m = entity("type_list", t.statementText());
    Map<String, Object> types = new LinkedHashMap<>();
    t.types().forEach((name, type) -> types.put(name, schema(type)));
    m.put("types", types);
    m.put("warnings", List.of());
    return m;
  }
}

package io.streamsql.cluster.sql.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.core.sql.plan.PlannedQuery;
import io.streamsql.core.sql.plan.ProcessingLog;
import io.streamsql.core.sql.plan.QueryPlan;
import io.streamsql.core.sql.plan.QueryPlanner;
import io.streamsql.core.sql.plan.SinkSpec;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.serde.JsonValues;
import io.streamsql.core.sql.serde.RecordSerde;
import io.streamsql.core.sql.serde.Serde;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A SELECT planned as a transient query: the same planner and operators as a persistent query,
 * writing to a sink that exists only in memory, plus the decoding of each output record into a
 * row of column values in projection order (what the query endpoints send).
 */
public final class TransientPlan {
  private final PlannedQuery planned;
  private final List<String> names = new ArrayList<>();
  private final List<String> types = new ArrayList<>();
  private final List<SqlColumnSlot> slots = new ArrayList<>();
  private final RecordSerde keySerde;
  private final RecordSerde valueSerde;
  private final int keyCount;
  private final int width;

  /** Where a projected column's value is in the decoded sink row, and its type. */
  private record SqlColumnSlot(int index, io.streamsql.core.sql.SqlType type) {}

  private TransientPlan(PlannedQuery planned, io.streamsql.core.sql.StreamSqlParser.QueryContext query) {
    this.planned = planned;
    SourceSchema sink = planned.sink();
    this.keySerde = new RecordSerde(sink.keySerde(), "key");
    this.valueSerde = new RecordSerde(sink.valueSerde(), "value");
    this.keyCount = sink.keyColumns().size();
    List<Serde.Column> all = sink.allColumns();
    this.width = all.size();
    for (QueryPlan.Column c : inSelectOrder(planned.plan().columns(), query)) {
      int index = -1;
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).name().equals(c.name())) {
          index = i;
          break;
        }
      }
      if (index < 0) continue;
      names.add(c.name());
      types.add(all.get(index).type().sql());
      slots.add(new SqlColumnSlot(index, all.get(index).type()));
    }
  }

  /**
   * Plans {@code request}'s SELECT. The sink kind is the kind the SELECT produces, so ksqlDB's
   * kind checks pass, and a table result does not need its key in the projection.
   */
  public static TransientPlan of(QueryRequest request, ProcessingLog log) {
    CreateSource.Kind kind = request.query().hasGroupBy() || request.source().isTable() ? CreateSource.Kind.TABLE : CreateSource.Kind.STREAM;
    QueryPlanner planner = new QueryPlanner(FunctionRegistry.standard());
    Map<String, Object> session = new java.util.HashMap<>(request.properties());
    session.put(QueryPlanner.TRANSIENT_QUERY, "true");
    SinkSpec sink = new SinkSpec("TRANSIENT", kind, Map.of("KAFKA_TOPIC", "transient"), null, session);
    if (!request.joinSources().isEmpty()) return new TransientPlan(planner.planJoin(request.query().tree(), request.joinSources(), sink, log), request.query().tree());
    return new TransientPlan(planner.plan(request.query().tree(), request.source(), sink, log), request.query().tree());
  }

  /**
   * The plan lists key columns first, as a sink stores them; a client gets the columns in the order
   * the SELECT names them, as ksqlDB sends a transient query's. When the order cannot be told from
   * the SELECT list ({@code *}, unnamed expressions), the plan's order stands.
   */
  private static List<QueryPlan.Column> inSelectOrder(List<QueryPlan.Column> columns, io.streamsql.core.sql.StreamSqlParser.QueryContext query) {
    java.util.Map<String, QueryPlan.Column> byName = new java.util.LinkedHashMap<>();
    for (QueryPlan.Column c : columns) byName.put(c.name(), c);
    List<QueryPlan.Column> ordered = new ArrayList<>();
    for (var item : query.selectItem()) {
      if (!(item instanceof io.streamsql.core.sql.StreamSqlParser.SelectSingleContext single)) return columns;
      String name = null;
      if (single.identifier() != null) {
        name = io.streamsql.core.sql.SourceStatements.identifier(single.identifier());
      } else {
        // An unaliased column keeps its name, qualified by its source's alias when a join needs it.
        String text = single.expression().getText();
        for (String candidate : List.of(text.replace('.', '_'), text.contains(".") ? text.substring(text.indexOf('.') + 1) : text)) {
          String unquoted = candidate.replace("`", "");
          if (byName.containsKey(unquoted)) name = unquoted;
          else if (byName.containsKey(unquoted.toUpperCase(java.util.Locale.ROOT))) name = unquoted.toUpperCase(java.util.Locale.ROOT);
          if (name != null) break;
        }
      }
      QueryPlan.Column c = name == null ? null : byName.get(name);
      if (c == null || ordered.contains(c)) return columns;
      ordered.add(c);
    }
    return ordered.size() == columns.size() ? ordered : columns;
  }

  public PlannedQuery planned() {
    return planned;
  }

  public List<String> columnNames() {
    return names;
  }

  public List<String> columnTypes() {
    return types;
  }

  /** The row of an output record, or null for a tombstone (a deleted table row). */
  public List<JsonNode> row(OutputRecord out) {
    if (out.valueJson() == null) return null;
    Object[] values = new Object[width];
    String key = out.keyJson();
    if (key != null && planned.sink().isWindowed()) key = io.streamsql.core.log.WindowedKey.parse(key).keyJson();
    if (key != null && keyCount > 0) keySerde.readText(key, values, 0);
    valueSerde.readBytes(out.valueJson(), values, keyCount);
    List<JsonNode> row = new ArrayList<>(slots.size());
    for (SqlColumnSlot slot : slots) {
      Object v = values[slot.index()];
      row.add(v == null ? null : JsonValues.write(v, slot.type()));
    }
    return row;
  }
}

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

  private TransientPlan(PlannedQuery planned) {
    this.planned = planned;
    SourceSchema sink = planned.sink();
    this.keySerde = new RecordSerde(sink.keySerde(), "key");
    this.valueSerde = new RecordSerde(sink.valueSerde(), "value");
    this.keyCount = sink.keyColumns().size();
    List<Serde.Column> all = sink.allColumns();
    this.width = all.size();
    for (QueryPlan.Column c : planned.plan().columns()) {
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
    Map<String, Object> session = new java.util.HashMap<>(request.properties());
    session.put(QueryPlanner.TRANSIENT_QUERY, "true");
    SinkSpec sink = new SinkSpec("TRANSIENT", kind, Map.of("KAFKA_TOPIC", "transient"), null, session);
    return new TransientPlan(new QueryPlanner(FunctionRegistry.standard()).plan(request.query().tree(), request.source(), sink, log));
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

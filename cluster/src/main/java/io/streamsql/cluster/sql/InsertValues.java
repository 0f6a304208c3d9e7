package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.log.Partitioner;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.core.sql.SqlTypes;
import io.streamsql.core.sql.expr.Casts;
import io.streamsql.core.sql.expr.CompiledExpr;
import io.streamsql.core.sql.expr.ExpressionCompiler;
import io.streamsql.core.sql.expr.Scope;
import io.streamsql.core.sql.fn.FunctionRegistry;
import io.streamsql.core.sql.plan.RecordJson;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.serde.RecordSerde;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.core.sql.tree.Statement;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.sql.SqlSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code INSERT INTO source [(columns)] VALUES (…)}: one record, serialized as the source declares, appended to its log. */
final class InsertValues {
  private final SqlCatalog catalog;
  private final StreamService streams;
  private final ExpressionCompiler compiler = new ExpressionCompiler(FunctionRegistry.standard());

  InsertValues(SqlCatalog catalog, StreamService streams) {
    this.catalog = catalog;
    this.streams = streams;
  }

  StatementResult insert(Statement.InsertValues statement, ExecutionContext ctx) {
    String name = statement.target();
    SqlSource entry = catalog.state().sources().get(name);
    if (entry == null) throw SqlEngine.sqlError("Cannot insert values into an unknown stream/table: " + name);
    if (entry.readOnly()) {
      throw SqlEngine.sqlError("Cannot insert values into read-only " + entry.kind().toLowerCase(java.util.Locale.ROOT) + ": " + name);
    }
    SourceSchema schema = SourceDdl.parse(entry.ddl());
    // A windowed source's records need a window in their key, which VALUES cannot give (ksqlDB's message).
    if (schema.isWindowed()) throw SqlEngine.sqlError("Cannot insert values into windowed stream/table!");
    List<String> columns = new ArrayList<>(statement.columns());
    if (columns.isEmpty()) {
      for (Serde.Column c : schema.allColumns()) columns.add(c.name());
    }
    // Header columns are read from a record's headers; INSERT VALUES writes none (ksqlDB refuses them first, by name).
    List<String> headerTargets = schema.headerColumns().stream().map(io.streamsql.core.sql.plan.HeaderColumn::name)
        .filter(h -> statement.columns().isEmpty() || columns.contains(h)).toList();
    if (!headerTargets.isEmpty()) throw SqlEngine.sqlError("Cannot insert into HEADER columns: " + String.join(", ", headerTargets));
    if (columns.size() != statement.values().size()) {
      throw SqlEngine.sqlError("Failed to prepare statement: Expected number columns and values to match: " + columns + ", "
          + statement.values().size() + " values");
    }
    Object[] keys = new Object[schema.keyColumns().size()];
    Object[] values = new Object[schema.valueColumns().size()];
    Long rowtime = null;
    Scope empty = Scope.ofColumns(Map.of(), List.of(), 0);
    for (int i = 0; i < columns.size(); i++) {
      String col = columns.get(i);
      CompiledExpr e = compiler.compile(statement.values().get(i), empty);
      Object v = e.eval().eval(new Object[empty.width()]);
      if (col.equals("ROWTIME")) {
        rowtime = v == null ? null : ((Number) v).longValue();
        continue;
      }
      int k = indexOf(schema.keyColumns(), col);
      int vi = indexOf(schema.valueColumns(), col);
      if (k < 0 && vi < 0) throw SqlEngine.sqlError("Column name " + col + " does not exist.");
      Serde.Column target = k >= 0 ? schema.keyColumns().get(k) : schema.valueColumns().get(vi);
      var conv = Casts.converter(e.type(), target.type());
      if (conv == null && !SqlTypes.canWiden(e.type(), target.type())) {
        throw SqlEngine.sqlError("Expected type " + target.type().sql() + " for field " + col + " but got " + e.text() + "(" + e.type().sql() + ")");
      }
      Object converted = v == null ? null : conv.apply(v);
      if (k >= 0) keys[k] = converted;
      else values[vi] = converted;
    }
    String keyJson = RecordJson.text(new RecordSerde(schema.keySerde(), "key").write(keys));
    var valueNode = new RecordSerde(schema.valueSerde(), "value").write(values);
    byte[] value = RecordJson.bytes(valueNode == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : valueNode);
    StreamDefinition log = SqlCatalog.await(streams.get(entry.log()), "Looking up " + entry.log());
    int partition = Partitioner.partitionFor(keyJson, Partitioner.nextKeylessSpread(), log.partitions());
    long ts = rowtime != null ? rowtime : Instant.now().toEpochMilli();
    StoredRecord record = new StoredRecord(keyJson, value, ts, Map.of());
    SqlCatalog.await(streams.append(log, partition, List.of(record)), "Inserting into " + name);
    return null;
  }

  private static int indexOf(List<Serde.Column> cols, String name) {
    for (int i = 0; i < cols.size(); i++) if (cols.get(i).name().equals(name)) return i;
    return -1;
  }
}

package io.streamsql.cluster.sql.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.streamsql.core.log.WindowedKey;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.plan.ProcessingLog;
import io.streamsql.core.sql.plan.InputRecord;
import io.streamsql.core.sql.plan.OutputRecord;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.serde.Serde;
import java.util.ArrayList;
import java.util.List;

/**
 * A pull query's WHERE and projection applied to current rows: each row goes through the
 * transient plan's operators and comes out as the row the endpoints send (or not at all, when the
 * WHERE drops it). For {@code SELECT *} over a windowed table, ksqlDB puts {@code WINDOWSTART} and
 * {@code WINDOWEND} right after the key columns; the plan's output carries the window in its key,
 * so they are taken from there.
 */
final class PullProjection {
  private final TransientPlan plan;
  private final boolean windowedKeys;
  /** Where WINDOWSTART and WINDOWEND go in a row (-1: they are not added). */
  private final int windowAt;
  private final List<String> names;
  private final List<String> types;

  PullProjection(TransientPlan plan, SourceSchema source, boolean selectAll) {
    this.plan = plan;
    this.windowedKeys = plan.planned().sink().isWindowed();
    this.names = new ArrayList<>(plan.columnNames());
    this.types = new ArrayList<>(plan.columnTypes());
    int at = -1;
    if (source.isWindowed() && selectAll && windowedKeys) {
      at = 0;
      for (Serde.Column key : source.keyColumns()) {
        if (at < names.size() && names.get(at).equals(key.name())) at++;
      }
      names.add(at, "WINDOWSTART");
      names.add(at + 1, "WINDOWEND");
      types.add(at, "BIGINT");
      types.add(at + 1, "BIGINT");
    }
    this.windowAt = at;
  }

  /** The projection of a pull query: its SELECT planned as a transient query over its source. */
  static PullProjection of(QueryRequest request) {
    return new PullProjection(TransientPlan.of(forPlanning(request), ProcessingLog.IGNORE), request.source(),
        request.query().hasSelectAll());
  }

  /**
   * The planner refuses a windowed table as a source (ksqlDB: no persistent queries on windowed
   * tables). A pull query reads current rows only, never tombstones, where a table and a stream of
   * the same rows give the same output; so a windowed table is planned as that stream.
   */
  private static QueryRequest forPlanning(QueryRequest request) {
    SourceSchema s = request.source();
    if (!s.isTable() || !s.isWindowed()) return request;
    SourceSchema asStream = new SourceSchema(s.name(), CreateSource.Kind.STREAM, s.topic(), s.keyColumns(), s.valueColumns(),
        s.keyFormat(), s.valueFormat(), s.wrapSingleValue(), s.valueDelimiter(), s.keyDelimiter(), s.timestampColumn(),
        s.timestampFormat(), s.partitions(), s.headerColumns(), s.window());
    return new QueryRequest(request.query(), asStream, request.sourceLog(), request.properties(), request.text());
  }

  List<String> columnNames() {
    return names;
  }

  List<String> columnTypes() {
    return types;
  }

  /** The rows one current row gives: none when the WHERE drops it, usually one. */
  List<List<JsonNode>> rows(InputRecord in) {
    List<List<JsonNode>> out = new ArrayList<>(1);
    plan.planned().processor().process(in, record -> {
      List<JsonNode> row = row(record);
      if (row != null) out.add(row);
    });
    return out;
  }

  private List<JsonNode> row(OutputRecord record) {
    List<JsonNode> row = plan.row(record);
    if (row == null || windowAt < 0) return row;
    WindowedKey window = record.keyJson() == null ? null : WindowedKey.parse(record.keyJson());
    List<JsonNode> widened = new ArrayList<>(row);
    widened.add(windowAt, window == null ? null : LongNode.valueOf(window.start()));
    widened.add(windowAt + 1, window == null ? null : LongNode.valueOf(window.end()));
    return widened;
  }
}

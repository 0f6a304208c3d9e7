package io.streamsql.cluster.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.cluster.streams.LogEntry;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.cluster.streams.StreamService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.core.log.StoredRecord;
import io.streamsql.core.log.WindowedKey;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.serde.JsonValues;
import io.streamsql.core.sql.serde.RecordSerde;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.sql.SqlSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A view's (or table's) changes as Feldera's egress sends them: inserts and deletes of whole rows.
 * A keyed view's log holds upserts and tombstones, so the egress keeps the view's current rows
 * (read from the start of its log, silently unless a snapshot was asked for) to turn an update
 * into a delete of the old row and an insert of the new one, and a tombstone into a delete of the
 * row it removes. A multiset view (an engine stream) is a sequence of inserts read from its end.
 */
public final class PipelineEgress {
  /** One change of the view: insert or delete of a row (column name → JSON value). */
  public record Change(boolean insert, ObjectNode row) {}

  private final StreamService streams;
  private final LogReader reader;

  public PipelineEgress(StreamService streams, LogReader reader) {
    this.streams = streams;
    this.reader = reader;
  }

  /**
   * The changes of {@code view}, one list per log record (an update of a keyed view is its delete
   * and insert, which stay together), from now on ({@code snapshotOnly=false}) or its current content as
   * inserts, after which the source completes ({@code snapshotOnly=true}). Blocking (reads the catalog).
   */
  public Source<List<Change>, NotUsed> changes(PipelineService.Active active, String view, boolean snapshotOnly) {
    String name = PipelineService.sqlName(view);
    boolean known = active.program().views().stream().anyMatch(v -> v.name().equals(name))
        || active.program().tables().stream().anyMatch(t -> t.name().equals(name));
    SqlSource source = known ? active.engine().catalogState().sources().get(name) : null;
    if (source == null) {
      throw new StreamSqlException(ErrorCode.SOURCE_NOT_FOUND, "Pipeline '" + active.pipeline().name() + "' has no view or table '" + name + "'",
          Map.of("view", name));
    }
    SourceSchema schema = active.engine().source(name);
    StreamDefinition def = io.streamsql.cluster.EntityAsks.await(streams.get(source.log()), "Looking up " + source.log());
    Map<Integer, Long> ends = active.engine().progress().ends(source.log());
    RowDecoder decoder = new RowDecoder(schema);
    boolean keyed = schema.isTable();
    List<Source<LogEntry, NotUsed>> partitions = new ArrayList<>();
    for (int p = 0; p < def.partitions(); p++) {
      long end = ends.getOrDefault(p, 0L);
      if (snapshotOnly) {
        partitions.add(end == 0 ? Source.empty()
            : reader.read(def, p, new ReadPosition.AtOffset(0), false).takeWhile(e -> e.offset() < end));
      } else {
        partitions.add(reader.read(def, p, new ReadPosition.AtOffset(keyed ? 0 : end), true));
      }
    }
    Source<LogEntry, NotUsed> entries = Source.from(partitions).flatMapMerge(Math.max(1, partitions.size()), s -> s);
    if (snapshotOnly) {
      if (!keyed) return entries.map(e -> List.of(new Change(true, decoder.row(e.record()))));
      // The content is the last row of every key: fold the log, then send the rows.
      return entries
          .fold(new HashMap<String, ObjectNode>(), (rows, e) -> {
            ObjectNode row = decoder.row(e.record());
            if (row == null) rows.remove(e.record().key());
            else rows.put(e.record().key(), row);
            return rows;
          })
          .mapConcat(rows -> rows.values().stream().map(r -> List.of(new Change(true, r))).toList());
    }
    if (!keyed) return entries.map(e -> List.of(new Change(true, decoder.row(e.record()))));
    return entries.statefulMap(HashMap<String, ObjectNode>::new, (rows, e) -> {
      ObjectNode row = decoder.row(e.record());
      ObjectNode old = row == null ? rows.remove(e.record().key()) : rows.put(e.record().key(), row);
      List<Change> out = new ArrayList<>(2);
      // Records before the end seen at the start only rebuild the current rows.
      if (e.offset() >= ends.getOrDefault(e.partition(), 0L)) {
        if (old != null) out.add(new Change(false, old));
        if (row != null) out.add(new Change(true, row));
      }
      return Pair.create(rows, out);
    }, rows -> java.util.Optional.empty()).filter(list -> !list.isEmpty());
  }

  /** A record of a view's log as a row: key columns, then value columns (and a window's bounds). */
  static final class RowDecoder {
    private final SourceSchema schema;
    private final RecordSerde keySerde;
    private final RecordSerde valueSerde;
    private final List<Serde.Column> columns;
    private final int keyCount;

    RowDecoder(SourceSchema schema) {
      this.schema = schema;
      this.keySerde = new RecordSerde(schema.keySerde(), "key");
      this.valueSerde = new RecordSerde(schema.valueSerde(), "value");
      this.columns = schema.allColumns();
      this.keyCount = schema.keyColumns().size();
    }

    /** The row, or null for a tombstone. */
    ObjectNode row(StoredRecord record) {
      if (record.value() == null) return null;
      Object[] values = new Object[columns.size()];
      String key = record.key();
      WindowedKey window = null;
      if (key != null && schema.isWindowed()) {
        window = WindowedKey.parse(key);
        key = window.keyJson();
      }
      if (key != null && keyCount > 0) keySerde.readText(key, values, 0);
      valueSerde.readBytes(record.value(), values, keyCount);
      ObjectNode row = JsonValues.NODES.objectNode();
      for (int i = 0; i < columns.size(); i++) {
        Serde.Column c = columns.get(i);
        JsonNode v = values[i] == null ? JsonValues.NODES.nullNode() : JsonValues.write(values[i], c.type());
        row.set(c.name(), v);
      }
      if (window != null) {
        row.put("WINDOWSTART", window.start());
        row.put("WINDOWEND", window.end());
      }
      return row;
    }
  }
}

package io.streamsql.http.tables;

import io.streamsql.cluster.tables.TableDescription;
import io.streamsql.persistence.table.TableDefinition;
import io.streamsql.persistence.table.TablePartitionEntity;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.util.ByteString;

/** How tables and their rows look in the native API's JSON. */
final class TableJson {
  private TableJson() {}

  static Map<String, Object> definition(TableDefinition def) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", def.name());
    m.put("primary_key", def.primaryKey());
    m.put("partitions", def.partitions());
    m.put("kind", def.immutable() ? "immutable" : "dynamic");
    m.put("versions", def.versions());
    m.put("latest_version", def.versions().isEmpty() ? null : def.latestVersion());
    m.put("created_at", Instant.ofEpochMilli(def.createdAt()).toString());
    return m;
  }

  static Map<String, Object> versions(TableDefinition def) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", def.name());
    m.put("kind", def.immutable() ? "immutable" : "dynamic");
    m.put("versions", def.versions());
    m.put("latest_version", def.versions().isEmpty() ? null : def.latestVersion());
    m.put("pending_version", def.pendingVersion() == 0 ? null : def.pendingVersion());
    return m;
  }

  static Map<String, Object> description(TableDescription d) {
    Map<String, Object> m = definition(d.definition());
    long rows = 0;
    Map<Integer, Long> versionRows = new TreeMap<>();
    long changes = 0;
    for (TablePartitionEntity.TablePartitionInfo p : d.partitions()) {
      rows += p.rows();
      p.versionRows().forEach((v, n) -> versionRows.merge(v, (long) n, Long::sum));
      changes += p.changelog().nextOffset();
    }
    m.put("pending_version", d.definition().pendingVersion() == 0 ? null : d.definition().pendingVersion());
    m.put("rows", d.definition().immutable() ? null : rows);
    m.put("version_rows", versionRows);
    m.put("changelog_records", changes);
    return m;
  }

  /** Rows as NDJSON: each line is the stored row itself. */
  static ByteString ndjson(List<TablePartitionEntity.Row> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 256);
    for (TablePartitionEntity.Row r : rows) {
      out.writeBytes(r.value());
      out.write('\n');
    }
    return ByteString.fromArrayUnsafe(out.toByteArray());
  }
}

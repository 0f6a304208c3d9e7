package io.streamsql.http.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.core.format.Json;
import io.streamsql.persistence.connector.FileTableCatalogEntity.FileTable;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Kind;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Load;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The wire JSON of file tables. */
final class FileTableJson {
  private FileTableJson() {}

  static Map<String, Object> table(FileTable t) {
    Map<String, Object> m = new LinkedHashMap<>();
    Load latest = t.latest();
    m.put("name", t.name());
    m.put("file_type", t.fileType());
    m.put("kind", t.kind().name().toLowerCase(Locale.ROOT));
    m.put("primary_key", t.primaryKey());
    if (t.kind() == Kind.IMMUTABLE_TABLE) {
      m.put("versions", t.loads().stream().map(Load::number).toList());
      m.put("latest_version", latest == null ? null : latest.number());
    }
    m.put("columns", latest == null ? List.of() : latest.columns().stream()
        .map(c -> {
          Map<String, Object> col = new LinkedHashMap<>();
          col.put("name", c.name());
          col.put("type", c.type());
          return col;
        }).toList());
    m.put("rows", t.totalRows());
    m.put("bytes", latest == null ? 0 : latest.bytes());
    m.put("parts", latest == null ? List.of() : parts(latest));
    m.put("source", latest == null ? null : latest.source());
    m.put("created_at", t.createdAt());
    m.put("loads", t.loads().stream().map(FileTableJson::load).toList());
    return m;
  }

  static Map<String, Object> load(Load l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", l.number());
    m.put("rows", l.rows());
    m.put("bytes", l.bytes());
    m.put("parts", parts(l));
    m.put("source", l.source());
    m.put("loaded_at", l.loadedAt());
    return m;
  }

  private static List<Map<String, Object>> parts(Load l) {
    return l.parts().stream().map(p -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("part", p.part());
      m.put("bytes", p.bytes());
      m.put("rows", p.rows());
      return m;
    }).toList();
  }

  static Map<String, Object> withSample(FileTable t, List<byte[]> sample) {
    Map<String, Object> m = table(t);
    m.put("sample", sample.stream().map(FileTableJson::tree).toList());
    return m;
  }

  private static JsonNode tree(byte[] json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.streamsql.cluster.connectors.files;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.streamsql.cluster.streams.UploadItem;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import io.streamsql.core.format.ParsedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A Parquet file's rows, read one row group at a time on the blocking I/O dispatcher (memory: one
 * row group). With a primary key every row must carry it as a scalar; the key's JSON text is the
 * row's key. Rows are numbered from 1 in errors, as {@code line}.
 */
final class ParquetFileRows implements FileRows {
  private final Supplier<CloseableInputFile> input;
  private final String name;
  private final String primaryKey;
  private final Map<String, String> columns = new LinkedHashMap<>();

  ParquetFileRows(Supplier<CloseableInputFile> input, String name, String primaryKey) {
    this.input = input;
    this.name = name;
    this.primaryKey = primaryKey;
  }

  /** Where reading is: the open file, the row group being read, and the rows read so far. */
  private final class Cursor {
    final ParquetFile file;
    final PartCounter parts;
    int group = -1;
    RowGroupRows rows;
    long row;
    boolean failed;

    Cursor(ParquetFile file, PartCounter parts) {
      this.file = file;
      this.parts = parts;
    }

    Optional<UploadItem> next() {
      if (failed) return Optional.empty();
      try {
        while (rows == null || !rows.hasNext()) {
          if (rows != null) {
            RowGroupInfo done = file.rowGroups().get(group);
            parts.chunk(done.compressedBytes(), done.rows());
          }
          if (group + 1 >= file.rowGroups().size()) return Optional.empty();
          rows = file.rows(++group);
        }
        byte[] json = rows.next();
        row++;
        return Optional.of(new UploadItem.Record(new ParsedRecord(json, primaryKey == null ? null : key(json, row), row)));
      } catch (StreamSqlException e) {
        failed = true;
        return Optional.of(new UploadItem.Failure(e));
      }
    }
  }

  @Override
  public Source<UploadItem, NotUsed> items(PartCounter parts) {
    return Source.unfoldResource(
        () -> {
          ParquetFile file = ParquetFile.open(input.get(), name);
          file.columns().forEach(c -> columns.put(c.name(), c.sqlType()));
          if (primaryKey != null && !columns.containsKey(primaryKey)) {
            file.close();
            throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
                "The Parquet file " + name + " has no column '" + primaryKey + "' (the primary key); its columns are " + columns.keySet(),
                Map.of("primary_key", primaryKey));
          }
          return new Cursor(file, parts);
        },
        Cursor::next,
        cursor -> cursor.file.close());
  }

  @Override
  public Map<String, String> columns() {
    return columns;
  }

  /** The JSON text of the row's top-level {@code primaryKey} field, which must be a scalar. */
  private String key(byte[] json, long row) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (!field.equals(primaryKey)) {
          p.skipChildren();
          continue;
        }
        if (value == JsonToken.VALUE_NULL || value.isStructStart()) {
          throw new StreamSqlException(ErrorCode.MALFORMED_RECORD, "Row " + row + " of " + name + " has "
              + (value == JsonToken.VALUE_NULL ? "no value" : "a nested value") + " in the primary key column '" + primaryKey + "'",
              Map.of("line", row, "column", primaryKey));
        }
        return value == JsonToken.VALUE_STRING ? Json.MAPPER.writeValueAsString(p.getText()) : p.getText();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new StreamSqlException(ErrorCode.MALFORMED_RECORD, "Row " + row + " of " + name + " has no primary key column '" + primaryKey + "'",
        Map.of("line", row));
  }
}

package io.streamsql.cluster.connectors.files;

import io.streamsql.cluster.streams.UploadItem;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.CsvColumnDeclarations;
import io.streamsql.core.format.ParsedRecord;
import io.streamsql.core.format.TypedCsvReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** A CSV file's bytes read into typed rows as they stream in (memory: one row). */
final class CsvFileRows implements FileRows {
  private final Source<ByteString, ?> bytes;
  private final TypedCsvReader reader;

  CsvFileRows(Source<ByteString, ?> bytes, String columns, String primaryKey, int maxRecordBytes) {
    this.bytes = bytes;
    this.reader = new TypedCsvReader(CsvColumnDeclarations.parse(columns), primaryKey, maxRecordBytes);
  }

  @Override
  public Source<UploadItem, NotUsed> items(PartCounter parts) {
    return bytes
        .<TypedCsvReader, List<UploadItem>>statefulMap(
            () -> reader,
            (r, chunk) -> Pair.create(r, read(out -> r.feed(chunk.toArrayUnsafe(), out), chunk.size(), parts)),
            r -> Optional.of(read(r::finish, 0, parts)))
        .mapConcat(items -> items)
        .mapMaterializedValue(m -> NotUsed.getInstance());
  }

  @Override
  public Map<String, String> columns() {
    return reader.columns();
  }

  private interface Read {
    void run(List<ParsedRecord> out);
  }

  /** The records read, followed by the error if reading stopped at bad input. */
  private static List<UploadItem> read(Read read, long chunkBytes, PartCounter parts) {
    List<ParsedRecord> records = new ArrayList<>();
    StreamSqlException error = null;
    try {
      read.run(records);
      parts.chunk(chunkBytes, records.size());
    } catch (StreamSqlException e) {
      error = e;
    }
    List<UploadItem> items = new ArrayList<>(records.size() + 1);
    for (ParsedRecord r : records) items.add(new UploadItem.Record(r));
    if (error != null) items.add(new UploadItem.Failure(error));
    return items;
  }
}

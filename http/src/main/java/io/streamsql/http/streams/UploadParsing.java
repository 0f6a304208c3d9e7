package io.streamsql.http.streams;

import io.streamsql.cluster.streams.UploadItem;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.EventFormat;
import io.streamsql.core.format.ParsedRecord;
import io.streamsql.core.format.RecordReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** Turns an upload body, as it streams in, into records; bad input becomes a final error item. */
public final class UploadParsing {
  private UploadParsing() {}

  public static Source<UploadItem, NotUsed> items(
      Source<ByteString, ?> body, EventFormat format, String keyField, int maxRecordBytes, long maxBodyBytes) {
    return items(body, () -> format.newReader(keyField, maxRecordBytes), maxBodyBytes);
  }

  /** The records a fresh reader from {@code readers} finds in the body. */
  public static Source<UploadItem, NotUsed> items(
      Source<ByteString, ?> body, java.util.function.Supplier<RecordReader> readers, long maxBodyBytes) {
    return body
        .<Reading, List<UploadItem>>statefulMap(
            () -> new Reading(readers.get()),
            (reading, chunk) -> Pair.create(reading, reading.read(out -> reading.reader.feed(chunk.toArrayUnsafe(), out))),
            reading -> Optional.of(reading.read(reading.reader::finish)))
        .recover(new PFBuilder<Throwable, List<UploadItem>>()
            .match(EntityStreamSizeException.class, e -> List.of(new UploadItem.Failure(new StreamSqlException(
                ErrorCode.BODY_TOO_LARGE,
                "The request body is larger than the limit of " + maxBodyBytes + " bytes; the records before the limit were appended",
                Map.of("max_body_bytes", maxBodyBytes)))))
            .build())
        .mapConcat(list -> list)
        .mapMaterializedValue(m -> NotUsed.getInstance());
  }

  /**
   * A reader until it reports bad input; after that, the rest of the body is ignored. A reader
   * that threw is in no state to read on: fed again, it reported nonsense errors or failed with
   * an unexpected exception, a 500 (BadInputIT found it).
   */
  private static final class Reading {
    final RecordReader reader;
    boolean stopped;

    Reading(RecordReader reader) {
      this.reader = reader;
    }

    List<UploadItem> read(Read read) {
      if (stopped) return List.of();
      List<UploadItem> items = guard(read);
      stopped = !items.isEmpty() && items.get(items.size() - 1) instanceof UploadItem.Failure;
      return items;
    }
  }

  private interface Read {
    void run(List<ParsedRecord> out);
  }

  /** The records read, followed by the error if reading stopped at bad input. */
  private static List<UploadItem> guard(Read read) {
    List<ParsedRecord> records = new ArrayList<>();
    StreamSqlException error = null;
    try {
      read.run(records);
    } catch (StreamSqlException e) {
      error = e;
    }
    List<UploadItem> items = new ArrayList<>(records.size() + 1);
    for (ParsedRecord r : records) items.add(new UploadItem.Record(r));
    if (error != null) items.add(new UploadItem.Failure(error));
    return items;
  }
}

package io.streamsql.http.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.log.LogRecord;
import io.streamsql.cluster.log.LogWriter;
import io.streamsql.cluster.sql.InsertTarget;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Rows in, acks out, for one stream of inserts. Each line is parsed and encoded as the target's
 * record (a bad row becomes an error ack and the stream goes on); rows that arrive while appends
 * are in flight are batched (up to {@code maxRowsPerAppend}) into one {@link LogWriter#append},
 * i.e. one journal write per partition, and at most {@code appendsInFlight} appends run at once.
 * Appends complete in order, so acks are written in row order, each batch's acks as one chunk as
 * soon as its rows are persisted. Memory is bounded by the batch size times the appends in flight:
 * past that, demand stops and the request body is no longer read (TCP / HTTP/2 flow control).
 */
final class InsertsPipeline {
  /** ksqlDB's ERROR_CODE_SERVER_ERROR, for rows whose append failed. */
  static final int SERVER_ERROR = 50000;

  /** A row after parsing and encoding: its record, or why it was refused. */
  private record Row(long seq, LogRecord record, int errorCode, String error) {}

  private final InsertTarget target;
  private final LogWriter writer;
  private final int maxRowsPerAppend;
  private final int appendsInFlight;
  private final boolean jsonArray;

  /**
   * @param jsonArray acks as one JSON array (ksqlDB's {@code application/json}) rather than one
   *     ack per line ({@code application/vnd.ksqlapi.delimited.v1}, the default)
   */
  InsertsPipeline(InsertTarget target, LogWriter writer, int maxRowsPerAppend, int appendsInFlight, boolean jsonArray) {
    this.target = target;
    this.writer = writer;
    this.maxRowsPerAppend = maxRowsPerAppend;
    this.appendsInFlight = appendsInFlight;
    this.jsonArray = jsonArray;
  }

  /** The acks for the rows, one line each (no line breaks inside a row). Blank lines are not rows. */
  Source<ByteString, NotUsed> acks(Source<ByteString, ?> lines) {
    Source<ByteString, NotUsed> chunks = lines
        .filter(line -> !isBlank(line))
        .zipWithIndex()
        .map(p -> encode(p.second(), p.first()))
        .batch(maxRowsPerAppend, InsertsPipeline::firstOfBatch, InsertsPipeline::addToBatch)
        .mapAsync(appendsInFlight, this::append)
        .mapMaterializedValue(m -> NotUsed.getInstance());
    if (!jsonArray) return chunks;
    // One JSON array: "[" first, a comma before every chunk but the first, "]" last.
    return Source.single(ByteString.fromString("["))
        .concat(chunks.zipWithIndex().map(p -> p.second() == 0 ? p.first() : ByteString.fromString(",").concat(p.first())))
        .concat(Source.single(ByteString.fromString("]")));
  }

  private Row encode(long seq, ByteString line) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(line.toArray());
    } catch (IOException e) {
      // ksqlDB's text for a row that is not JSON (it then ends the stream; here the stream goes on).
      return new Row(seq, null, InsertTarget.BAD_REQUEST, "Invalid JSON in inserts stream: " + firstLine(e.getMessage()));
    }
    try {
      return new Row(seq, target.encode(json), 0, null);
    } catch (StreamSqlException e) {
      Object code = e.details().get("ksql_error_code");
      return new Row(seq, null, code instanceof Integer c ? c : InsertTarget.BAD_REQUEST, e.getMessage());
    }
  }

  private static List<Row> firstOfBatch(Row row) {
    List<Row> batch = new ArrayList<>();
    batch.add(row);
    return batch;
  }

  private static List<Row> addToBatch(List<Row> batch, Row row) {
    batch.add(row);
    return batch;
  }

  private CompletionStage<ByteString> append(List<Row> batch) {
    List<LogRecord> records = new ArrayList<>(batch.size());
    for (Row r : batch) if (r.record() != null) records.add(r.record());
    if (records.isEmpty()) return java.util.concurrent.CompletableFuture.completedFuture(render(batch, null));
    return writer.append(target.log(), records).handle((appended, failure) -> render(batch, failure));
  }

  /** The acks of a batch, in row order: ok for persisted rows, the row's error or the append's failure otherwise. */
  private ByteString render(List<Row> batch, Throwable appendFailure) {
    StringBuilder out = new StringBuilder(batch.size() * 28);
    String failure = appendFailure == null ? null : rootMessage(appendFailure);
    for (Row r : batch) {
      if (out.length() > 0) out.append(jsonArray ? "," : "");
      if (r.record() == null) InsertAcks.error(out, r.seq(), r.errorCode(), r.error());
      else if (failure != null) InsertAcks.error(out, r.seq(), SERVER_ERROR, failure);
      else InsertAcks.ok(out, r.seq());
      if (!jsonArray) out.append('\n');
    }
    return ByteString.fromArrayUnsafe(InsertAcks.bytes(out));
  }

  private static String rootMessage(Throwable t) {
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return "Error in processing inserts: " + t.getMessage();
  }

  private static boolean isBlank(ByteString line) {
    for (int i = 0; i < line.length(); i++) {
      byte b = line.apply(i);
      if (b != ' ' && b != '\t' && b != '\r') return false;
    }
    return true;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}

package io.streamsql.http.pipelines;

import io.streamsql.cluster.log.LogRecord;
import io.streamsql.cluster.log.LogWriter;
import io.streamsql.cluster.sql.InsertTarget;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.pipeline.ingress.Change;
import io.streamsql.core.pipeline.ingress.ChangeDecoder;
import io.streamsql.core.pipeline.ingress.IngressFormatException;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * One ingress request: the body is decoded as it arrives, each change encoded as a record of the
 * table's log (an upsert or tombstone of a keyed table, copies of a row of a multiset), and the
 * records appended in batches, a bounded number in flight, so memory stays bounded whatever the
 * body's size. The first bad record stops the request: what came before it is appended, and the
 * outcome says how many records that was.
 */
final class IngressPipeline {
  /** What a request came to: the input records fully ingested, the next offset per partition, the first error. */
  record Outcome(long records, Map<Integer, Long> nextOffsets, StreamSqlException error) {}

  /** Records encoded from the input, through input record {@code lastRecord}, or the error that stopped it. */
  private record Encoded(List<LogRecord> records, long lastRecord, StreamSqlException error) {}

  private final InsertTarget target;
  private final LogWriter writer;
  private final Supplier<ChangeDecoder> decoders;
  private final int maxRecordsPerAppend;
  private final int appendsInFlight;
  private final long maxWeight;
  private final long maxBodyBytes;

  IngressPipeline(InsertTarget target, LogWriter writer, Supplier<ChangeDecoder> decoders, int maxRecordsPerAppend, int appendsInFlight,
      long maxWeight, long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.target = target;
    this.writer = writer;
    this.decoders = decoders;
    this.maxRecordsPerAppend = maxRecordsPerAppend;
    this.appendsInFlight = appendsInFlight;
    this.maxWeight = maxWeight;
  }

  CompletionStage<Outcome> run(Source<ByteString, ?> body, Materializer mat) {
    return body.map(Optional::of)
        .concat(Source.single(Optional.<ByteString>empty()))
        .statefulMapConcat(() -> {
          ChangeDecoder decoder = decoders.get();
          long[] lastRecord = {0};
          long[] bodyBytes = {0};
          return chunk -> {
            List<Change> changes;
            StreamSqlException failure = null;
            bodyBytes[0] += chunk.map(ByteString::length).orElse(0);
            if (bodyBytes[0] > maxBodyBytes) {
              // The records completed so far were ingested; the rest of the body is not read.
              return List.of(new Encoded(List.of(), lastRecord[0], new StreamSqlException(ErrorCode.BODY_TOO_LARGE,
                  "The request body is larger than " + maxBodyBytes + " bytes (streamsql.http.max-body-bytes)",
                  Map.of("max_body_bytes", maxBodyBytes))));
            }
            try {
              changes = chunk.isPresent() ? decoder.feed(chunk.get().toArray()) : decoder.finish();
            } catch (IngressFormatException e) {
              changes = e.decodedBefore();
              failure = e;
            }
            Encoded encoded = encode(changes, lastRecord[0], failure);
            lastRecord[0] = encoded.lastRecord();
            return List.of(encoded);
          };
        })
        .takeWhile(e -> e.error() == null, true)
        .batchWeighted(maxRecordsPerAppend, e -> (long) Math.max(1, e.records().size()), e -> e, IngressPipeline::merge)
        .mapAsync(appendsInFlight, this::append)
        .runWith(Sink.fold(new Outcome(0, Map.of(), null), IngressPipeline::add), mat);
  }

  private Encoded encode(List<Change> changes, long lastRecord, StreamSqlException failure) {
    List<LogRecord> records = new ArrayList<>(changes.size());
    long last = lastRecord;
    for (Change c : changes) {
      try {
        if (target.keyed()) {
          records.add(c.kind() == Change.Kind.INSERT ? target.encode(c.row()) : target.encodeDelete(c.row()));
        } else if (c.kind() == Change.Kind.DELETE) {
          throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Table " + target.name()
              + " has no primary key: deleting rows from it is not supported (only inserts)");
        } else {
          if (c.weight() > maxWeight) {
            throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Weight " + c.weight() + " is over the limit of " + maxWeight
                + " copies of a row");
          }
          LogRecord record = target.encode(c.row());
          for (long i = 0; i < c.weight(); i++) records.add(record);
        }
      } catch (StreamSqlException e) {
        // Records of an earlier change of the same input record stay: they came before the fault.
        return new Encoded(records, c.record() - 1, atRecord(c.record(), e));
      }
      last = c.record();
    }
    if (failure instanceof IngressFormatException f) last = Math.max(last, f.record() - 1);
    return new Encoded(records, last, failure);
  }

  private static StreamSqlException atRecord(long record, StreamSqlException e) {
    Map<String, Object> details = new HashMap<>(e.details());
    details.remove("ksql_error_code");
    details.put("record", record);
    return new StreamSqlException(ErrorCode.MALFORMED_RECORD, "Record " + record + ": " + e.getMessage(), details);
  }

  private static Encoded merge(Encoded a, Encoded b) {
    List<LogRecord> all = new ArrayList<>(a.records().size() + b.records().size());
    all.addAll(a.records());
    all.addAll(b.records());
    return new Encoded(all, b.lastRecord(), b.error());
  }

  private CompletionStage<Outcome> append(Encoded batch) {
    if (batch.records().isEmpty()) {
      return CompletableFuture.completedFuture(new Outcome(batch.lastRecord(), Map.of(), batch.error()));
    }
    return writer.append(target.log(), batch.records()).handle((appended, failure) -> {
      if (failure != null) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        StreamSqlException e = t instanceof StreamSqlException s ? s
            : new StreamSqlException(ErrorCode.INTERNAL_ERROR, "Appending to " + target.name() + " failed: " + t.getMessage());
        return new Outcome(-1, Map.of(), e);
      }
      Map<Integer, Long> next = new HashMap<>();
      for (Map.Entry<Integer, LogPartitionEntity.Appended> e : appended.entrySet()) {
        next.put(e.getKey(), e.getValue().firstOffset() + e.getValue().count());
      }
      return new Outcome(batch.lastRecord(), next, batch.error());
    });
  }

  /** Folds batch outcomes in order; after a failed append nothing later counts as ingested. */
  private static Outcome add(Outcome sum, Outcome batch) {
    if (sum.error() != null) return sum;
    Map<Integer, Long> next = new HashMap<>(sum.nextOffsets());
    batch.nextOffsets().forEach((p, o) -> next.merge(p, o, Math::max));
    long records = batch.records() < 0 ? sum.records() : batch.records();
    return new Outcome(records, next, batch.error());
  }
}

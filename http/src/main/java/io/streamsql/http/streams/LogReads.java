package io.streamsql.http.streams;

import com.typesafe.config.Config;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.streams.LogReader;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.http.JsonResponses;
import java.time.Duration;
import io.streamsql.cluster.streams.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.util.ByteString;

/**
 * Reads of a partitioned log as chunked NDJSON, with the query parameters every log takes
 * ({@code from}, {@code partition}, {@code limit}, {@code follow}): streams and table changelogs.
 */
public final class LogReads {
  private static final ByteString HEARTBEAT = ByteString.fromString("\n");

  private final StreamSqlNode node;
  private final Duration followHeartbeat;
  private final int readBatch;

  public LogReads(StreamSqlNode node, Config http) {
    this.node = node;
    this.followHeartbeat = http.getDuration("follow-heartbeat");
    this.readBatch = http.getInt("read-chunk-records");
  }

  /** {@code what} names the log in errors, e.g. "Stream 'clicks'". */
  public CompletionStage<HttpResponse> read(
      String what, Supplier<CompletionStage<LogReader.LogSource>> source,
      Optional<String> from, Optional<String> partition, Optional<String> limit, Optional<String> follow) {
    return read(what, source, from, partition, limit, follow, Optional.empty());
  }

  /**
   * As above; with {@code timeoutMs} the read follows new records and ends after that long
   * (a bounded wait for tools and tests).
   */
  public CompletionStage<HttpResponse> read(
      String what, Supplier<CompletionStage<LogReader.LogSource>> source,
      Optional<String> from, Optional<String> partition, Optional<String> limit, Optional<String> follow,
      Optional<String> timeoutMs) {
    try {
      Long timeout = timeoutMs.map(t -> parseLong("timeout_ms", t)).orElse(null);
      ReadPosition position = ReadPosition.parse(from.orElse(null));
      Integer part = partition.map(p -> parseLong("partition", p)).map(Long::intValue).orElse(null);
      long max = limit.map(l -> parseLong("limit", l)).orElse(Long.MAX_VALUE);
      boolean live = timeout != null || follow.map(f -> f.equals("true") || f.equals("1")).orElse(false);
      return source.get().thenApply(log -> {
        if (part != null && part >= log.partitions()) {
          throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
              what + " has partitions 0 to " + (log.partitions() - 1) + ", not " + part, Map.of("partition", part));
        }
        var records = node.reader().read(log, part, position, live);
        if (timeout != null) records = records.takeWithin(Duration.ofMillis(timeout));
        var lines = records
            .take(max)
            // Records are batched into chunks only while the client is still taking the last
            // one: a follower gets each record as soon as it is read, with no timer in the way.
            .batch(readBatch, LogReads::firstOfChunk, LogReads::addToChunk)
            .map(StreamJson::ndjson);
        if (live && timeout == null) lines = lines.keepAlive(followHeartbeat, () -> HEARTBEAT);
        return HttpResponse.create().withEntity(HttpEntities.createChunked(StreamEventsRoute.NDJSON, lines));
      }).exceptionally(JsonResponses::error);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(JsonResponses.error(e));
    }
  }

  private static List<LogEntry> firstOfChunk(LogEntry e) {
    List<LogEntry> chunk = new ArrayList<>();
    chunk.add(e);
    return chunk;
  }

  private static List<LogEntry> addToChunk(List<LogEntry> chunk, LogEntry e) {
    chunk.add(e);
    return chunk;
  }

  private static long parseLong(String param, String text) {
    try {
      long v = Long.parseLong(text);
      if (v < 0) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
          "Query parameter '" + param + "' must be a non-negative integer, got '" + text + "'", Map.of(param, text));
    }
  }
}

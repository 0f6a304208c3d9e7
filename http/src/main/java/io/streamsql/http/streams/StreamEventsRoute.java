package io.streamsql.http.streams;

import com.typesafe.config.Config;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.ReadPosition;
import io.streamsql.http.JsonResponses;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/** {@code /v1/streams/{name}/events}: upload events, and read them back (optionally live). */
public final class StreamEventsRoute extends AllDirectives {
  public static final ContentType NDJSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("x-ndjson", HttpCharsets.UTF_8, "ndjson"));
  private static final ByteString HEARTBEAT = ByteString.fromString("\n");

  private final StreamSqlNode node;
  private final UploadHandler uploads;
  private final Duration followHeartbeat;
  private final int readBatch;

  public StreamEventsRoute(StreamSqlNode node, Config http) {
    this.node = node;
    this.uploads = new UploadHandler((int) http.getBytes("max-record-bytes").longValue(), http.getBytes("max-body-bytes"));
    this.followHeartbeat = http.getDuration("follow-heartbeat");
    this.readBatch = http.getInt("read-chunk-records");
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("streams", () ->
        path(PathMatchers.segment().slash("events"), name -> concat(
            post(() -> parameterOptional("format", format -> parameterOptional("key_field", keyField ->
                extractRequestEntity(entity -> extractMaterializer(mat ->
                    completeWithFuture(upload(name, format, keyField, entity, mat))))))),
            get(() -> parameterOptional("from", from -> parameterOptional("partition", partition ->
                parameterOptional("limit", limit -> parameterOptional("follow", follow ->
                    completeWithFuture(read(name, from, partition, limit, follow)))))))))));
  }

  private CompletionStage<HttpResponse> upload(
      String name, Optional<String> format, Optional<String> keyField,
      org.apache.pekko.http.javadsl.model.RequestEntity entity, Materializer mat) {
    return uploads.upload(entity, mat, format, () -> node.streams().get(name), def -> keyField.orElse(null),
        (def, items) -> items.runWith(node.appender().sink(def), mat)
            .thenApply(summary -> StreamJson.uploadResponse("stream", name, summary)));
  }

  private CompletionStage<HttpResponse> read(
      String name, Optional<String> from, Optional<String> partition, Optional<String> limit, Optional<String> follow) {
    try {
      ReadPosition position = ReadPosition.parse(from.orElse(null));
      Integer part = partition.map(p -> parseLong("partition", p)).map(Long::intValue).orElse(null);
      long max = limit.map(l -> parseLong("limit", l)).orElse(Long.MAX_VALUE);
      boolean live = follow.map(f -> f.equals("true") || f.equals("1")).orElse(false);
      return node.streams().get(name).thenApply(def -> {
        if (part != null && part >= def.partitions()) {
          throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
              "Stream '" + name + "' has partitions 0 to " + (def.partitions() - 1) + ", not " + part, Map.of("partition", part));
        }
        var lines = node.reader().read(def, part, position, live)
            .take(max)
            .groupedWithin(readBatch, Duration.ofMillis(20))
            .map(StreamJson::ndjson);
        if (live) lines = lines.keepAlive(followHeartbeat, () -> HEARTBEAT);
        return HttpResponse.create().withEntity(HttpEntities.createChunked(NDJSON, lines));
      }).exceptionally(JsonResponses::error);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(JsonResponses.error(e));
    }
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

package io.streamsql.http.streams;

import com.typesafe.config.Config;
import io.streamsql.cluster.StreamSqlNode;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;

/** {@code /v1/streams/{name}/events}: upload events, and read them back (optionally live). */
public final class StreamEventsRoute extends AllDirectives {
  public static final ContentType NDJSON =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("x-ndjson", HttpCharsets.UTF_8, "ndjson"));

  private final StreamSqlNode node;
  private final UploadHandler uploads;
  private final LogReads reads;

  public StreamEventsRoute(StreamSqlNode node, Config http) {
    this.node = node;
    this.uploads = new UploadHandler((int) http.getBytes("max-record-bytes").longValue(), http.getBytes("max-body-bytes"));
    this.reads = new LogReads(node, http);
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
    return uploads.upload(entity, mat, format, () -> node.streams().cached(name), def -> keyField.orElse(null),
        (def, items) -> items.runWith(node.appender().sink(def), mat)
            .thenApply(summary -> StreamJson.uploadResponse("stream", name, summary)));
  }

  private CompletionStage<HttpResponse> read(
      String name, Optional<String> from, Optional<String> partition, Optional<String> limit, Optional<String> follow) {
    return reads.read("Stream '" + name + "'",
        () -> node.streams().get(name).thenApply(node.reader()::source),
        from, partition, limit, follow);
  }
}

package io.streamsql.http.streams;

import com.typesafe.config.Config;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.core.format.TopicRecordReader;
import io.streamsql.http.JsonResponses;
import io.streamsql.http.RouteSupport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /v1/topics}: raw access to logs (Kafka would say topics) for tools and tests. A stream's
 * log is the topic of the same name.
 */
public final class TopicsRoute extends RouteSupport {
  private final StreamSqlNode node;
  private final UploadHandler uploads;
  private final LogReads reads;

  public TopicsRoute(StreamSqlNode node, Config http) {
    this.node = node;
    this.uploads = new UploadHandler((int) http.getBytes("max-record-bytes").longValue(), http.getBytes("max-body-bytes"));
    this.reads = new LogReads(node, http);
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("topics", () -> concat(
        pathEndOrSingleSlash(() -> get(() -> respond(this::list))),
        path(PathMatchers.segment().slash("records"), name -> concat(
            post(() -> extractRequestEntity(entity -> extractMaterializer(mat -> completeWithFuture(append(name, entity, mat))))),
            get(() -> parameterOptional("from", from -> parameterOptional("partition", partition ->
                parameterOptional("limit", limit -> parameterOptional("timeout_ms", timeout ->
                    completeWithFuture(read(name, from, partition, limit, timeout))))))))))));
  }

  private CompletionStage<HttpResponse> list() {
    return node.streams().list().thenApply(list -> JsonResponses.ok(Map.of("topics", list.stream().map(def -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", def.name());
      m.put("partitions", def.partitions());
      m.put("retention_policy", def.retention().spec());
      return m;
    }).toList())));
  }

  private CompletionStage<HttpResponse> append(String name, RequestEntity entity, Materializer mat) {
    return uploads.uploadWith(entity, mat, () -> node.streams().cached(name),
        def -> () -> new TopicRecordReader(uploads.maxRecordBytes()),
        (def, items) -> items.runWith(node.appender().sink(def), mat)
            .thenApply(summary -> StreamJson.uploadResponse("topic", name, summary)));
  }

  private CompletionStage<HttpResponse> read(
      String name, Optional<String> from, Optional<String> partition, Optional<String> limit, Optional<String> timeout) {
    return reads.read("Topic '" + name + "'",
        () -> node.streams().get(name).thenApply(node.reader()::source),
        from, partition, limit, Optional.empty(), timeout);
  }
}

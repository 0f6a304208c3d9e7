package io.streamsql.http.pipelines;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.pipelines.PipelineEgress;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import io.streamsql.http.RouteSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Feldera's {@code POST /v0/pipelines/{p}/egress/{view}?format=json&mode=watch|snapshot}: the view's
 * changes as a chunked stream of {@code {"sequence_number": n, "json_data": [{"insert": row},
 * {"delete": row}]}} lines. {@code mode=watch} (the default) sends changes from now on and never
 * ends; {@code mode=snapshot} sends the current content as inserts and ends. Changes that pile up
 * while the client is slow leave together in one chunk; over HTTP/1.1 a quiet stream gets an empty
 * line every 15 s so proxies and the idle timeout keep it open.
 */
public final class PipelineEgressRoute extends RouteSupport {
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  private static final int MAX_CHANGES_PER_CHUNK = 1000;

  private final StreamSqlNode node;
  private final Executor blocking;

  public PipelineEgressRoute(StreamSqlNode node) {
    this.node = node;
    this.blocking = node.system().dispatchers().lookup(DispatcherSelector.blocking());
  }

  public Route route() {
    return pathPrefix("v0", () -> pathPrefix("pipelines", () -> pathPrefix(PathMatchers.segment(), pipeline ->
        pathPrefix("egress", () -> path(PathMatchers.segment(), view -> post(() ->
            parameterOptional("format", format -> parameterOptional("mode", mode -> respond(() ->
                egress(pipeline, view, format, mode))))))))));
  }

  private CompletionStage<HttpResponse> egress(String pipeline, String view, Optional<String> format, Optional<String> mode) {
    String f = format.orElse("json");
    if (!f.equals("json")) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Unsupported egress format '" + f + "': only format=json is served",
          Map.of("format", f));
    }
    String m = mode.orElse("watch");
    if (!m.equals("watch") && !m.equals("snapshot")) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Unknown mode '" + m + "': use watch (changes from now on) or snapshot "
          + "(the current content, then the response ends)", Map.of("mode", m));
    }
    boolean snapshot = m.equals("snapshot");
    return node.pipelines().active(pipeline, true)
        .thenApplyAsync(active -> node.pipelineEgress().changes(active, view, snapshot), blocking)
        .thenApply(changes -> {
          Source<ByteString, NotUsed> chunks = changes
              .batchWeighted(MAX_CHANGES_PER_CHUNK, group -> (long) group.size(), PipelineEgressRoute::first, PipelineEgressRoute::add)
              .zipWithIndex()
              .map(p -> chunk(p.second(), p.first()));
          if (!snapshot) chunks = chunks.keepAlive(KEEP_ALIVE, () -> ByteString.fromString("\n"));
          return HttpResponse.create().withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, chunks));
        });
  }

  private static List<PipelineEgress.Change> first(List<PipelineEgress.Change> changes) {
    return new ArrayList<>(changes);
  }

  private static List<PipelineEgress.Change> add(List<PipelineEgress.Change> batch, List<PipelineEgress.Change> changes) {
    batch.addAll(changes);
    return batch;
  }

  private static ByteString chunk(long sequence, List<PipelineEgress.Change> changes) throws Exception {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("sequence_number", sequence);
    ArrayNode data = out.putArray("json_data");
    for (PipelineEgress.Change c : changes) data.addObject().set(c.insert() ? "insert" : "delete", c.row());
    return ByteString.fromArrayUnsafe(Json.MAPPER.writeValueAsBytes(out)).concat(ByteString.fromString("\n"));
  }
}

package io.streamsql.http.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.sql.query.QueryResult;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import io.streamsql.http.RouteSupport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * Feldera's ad-hoc queries, {@code GET /v0/pipelines/{p}/query?sql=…&format=text|json}: a pull
 * query over the pipeline's tables and views. {@code json} streams one JSON object per row and
 * line; {@code text} (Feldera's default) is a table drawn with {@code +---+} borders.
 */
public final class AdHocQueryRoute extends RouteSupport {
  private final StreamSqlNode node;
  private final Executor blocking;

  public AdHocQueryRoute(StreamSqlNode node) {
    this.node = node;
    this.blocking = node.system().dispatchers().lookup(DispatcherSelector.blocking());
  }

  public Route route() {
    return pathPrefix("v0", () -> pathPrefix("pipelines", () -> pathPrefix(PathMatchers.segment(), pipeline ->
        path("query", () -> get(() -> parameterOptional("sql", sql -> parameterOptional("format", format ->
            extractMaterializer(mat -> respond(() -> query(pipeline, sql, format, mat))))))))));
  }

  private CompletionStage<HttpResponse> query(String pipeline, Optional<String> sql, Optional<String> format, Materializer mat) {
    if (sql.isEmpty() || sql.get().isBlank()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Missing query parameter 'sql'");
    String f = format.orElse("text");
    if (!f.equals("text") && !f.equals("json")) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Unsupported format '" + f + "': use text or json", Map.of("format", f));
    }
    return node.pipelines().active(pipeline, true).thenComposeAsync(active -> node.pipelines().queries(active).executePull(sql.get(),
        "Ad-hoc queries read the current state: EMIT CHANGES is not supported here (use /egress for changes)"), blocking).thenCompose(result -> f.equals("json") ? CompletableFuture.completedFuture(json(result)) : text(result, mat));
  }

  private static HttpResponse json(QueryResult result) {
    var lines = result.rows().map(row -> {
      ObjectNode out = Json.MAPPER.createObjectNode();
      for (int i = 0; i < row.size(); i++) out.set(result.columnNames().get(i), row.get(i) == null ? out.nullNode() : row.get(i));
      return ByteString.fromArrayUnsafe(Json.MAPPER.writeValueAsBytes(out)).concat(ByteString.fromString("\n"));
    });
    return HttpResponse.create().withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, lines));
  }

  private static CompletionStage<HttpResponse> text(QueryResult result, Materializer mat) {
    return result.rows().runWith(Sink.seq(), mat).thenApply(rows -> {
      List<String> names = result.columnNames();
      int[] widths = new int[names.size()];
      for (int i = 0; i < names.size(); i++) widths[i] = names.get(i).length();
      for (List<JsonNode> row : rows) for (int i = 0; i < row.size(); i++) widths[i] = Math.max(widths[i], cell(row.get(i)).length());
      StringBuilder out = new StringBuilder();
      border(out, widths);
      line(out, widths, names);
      border(out, widths);
      for (List<JsonNode> row : rows) line(out, widths, row.stream().map(AdHocQueryRoute::cell).toList());
      border(out, widths);
      return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, out.toString()));
    });
  }

  private static String cell(JsonNode v) {
    if (v == null || v.isNull()) return "NULL";
    return v.isTextual() ? v.asText() : v.toString();
  }

  private static void border(StringBuilder out, int[] widths) {
    out.append('+');
    for (int w : widths) out.append("-".repeat(w + 2)).append('+');
    out.append('\n');
  }

  private static void line(StringBuilder out, int[] widths, List<String> cells) {
    out.append('|');
    for (int i = 0; i < widths.length; i++) out.append(' ').append(String.format("%-" + widths[i] + "s", cells.get(i))).append(" |");
    out.append('\n');
  }
}

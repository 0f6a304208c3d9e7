package io.streamsql.http.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.sql.InsertTarget;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * ksqlDB's {@code POST /inserts-stream}: the first line names the target stream
 * ({@code {"target":"name"}}), every further line is a row; the response streams one ack per row
 * while the request is still being sent. A bad first line or target gets ksqlDB's error entity
 * and status before any ack. Over HTTP/2 both directions flow at once; over HTTP/1.1 see
 * docs/api.md for what a client sees.
 */
public final class InsertsStreamRoute extends AllDirectives {
  /** ksqlDB's default content type of the acks: one JSON object per line. */
  static final ContentType DELIMITED =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("vnd.ksqlapi.delimited.v1", HttpCharsets.UTF_8));

  private final StreamSqlNode node;
  private final Executor blocking;
  private final int maxLineBytes;
  private final int maxRowsPerAppend;
  private final int appendsInFlight;

  public InsertsStreamRoute(StreamSqlNode node, com.typesafe.config.Config http) {
    this.node = node;
    // Resolving the target reads the SQL catalog (a blocking ask).
    this.blocking = node.system().dispatchers().lookup(DispatcherSelector.blocking());
    this.maxLineBytes = (int) Math.min(Integer.MAX_VALUE, http.getBytes("max-record-bytes"));
    this.maxRowsPerAppend = http.getInt("inserts-stream.max-rows-per-append");
    this.appendsInFlight = http.getInt("inserts-stream.appends-in-flight");
  }

  public Route route() {
    return path("inserts-stream", () -> post(() -> extractRequest(request -> extractMaterializer(mat ->
        completeWithFuture(start(request.entity(), wantsJsonArray(request), mat))))));
  }

  /** Reads the first line, resolves the target, then answers with the acks of the remaining lines. */
  private CompletionStage<HttpResponse> start(RequestEntity entity, boolean jsonArray, Materializer mat) {
    Source<ByteString, ?> lines = entity.getDataBytes()
        .via(Framing.delimiter(ByteString.fromString("\n"), maxLineBytes, FramingTruncation.ALLOW));
    return lines.prefixAndTail(1).runWith(Sink.head(), mat).thenApplyAsync(split -> {
      List<ByteString> first = split.first();
      Source<ByteString, NotUsed> rows = split.second();
      Pair<InsertTarget, HttpResponse> resolved = resolve(first.isEmpty() ? null : first.get(0));
      if (resolved.second() != null) {
        rows.runWith(Sink.cancelled(), mat);
        return resolved.second();
      }
      InsertsPipeline pipeline = new InsertsPipeline(resolved.first(), node.logWriter(), maxRowsPerAppend, appendsInFlight, jsonArray);
      return HttpResponse.create().withEntity(HttpEntities.createChunked(
          jsonArray ? ContentTypes.APPLICATION_JSON : DELIMITED, pipeline.acks(rows)));
    }, blocking).exceptionally(failure -> {
      // A first line longer than the limit fails the framing before any row: the client's error,
      // not the server's (it was a 500 until BadInputIT sent one).
      Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
      if (cause instanceof org.apache.pekko.stream.scaladsl.Framing.FramingException) {
        entity.discardBytes(mat);
        return KsqlApiErrors.generic(413, 41300, "The first line is longer than " + maxLineBytes + " bytes");
      }
      throw failure instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(failure);
    });
  }

  /** The target of the first line, or ksqlDB's error response for it. */
  private Pair<InsertTarget, HttpResponse> resolve(ByteString firstLine) {
    if (firstLine == null) return Pair.create(null, KsqlApiErrors.generic(400, 40000, "No target in arguments"));
    JsonNode args;
    try {
      args = Json.MAPPER.readTree(firstLine.toArray());
    } catch (IOException e) {
      return Pair.create(null, KsqlApiErrors.generic(400, 40000,
          "Invalid JSON in request: " + e.getMessage().lines().findFirst().orElse("")));
    }
    if (args == null || !args.isObject()) {
      return Pair.create(null, KsqlApiErrors.generic(400, 40000, "Invalid JSON in request: the first line must be a JSON object"));
    }
    if (!args.path("target").isTextual()) return Pair.create(null, KsqlApiErrors.generic(400, 40000, "No target in arguments"));
    try {
      return Pair.create(node.sql().insertTarget(args.get("target").asText()), null);
    } catch (StreamSqlException e) {
      Object code = e.details().get("ksql_error_code");
      int ksqlCode = code instanceof Integer c ? c : e.code().httpStatus() * 100;
      return Pair.create(null, KsqlApiErrors.generic(ksqlCode / 100, ksqlCode, e.getMessage()));
    }
  }

  /** ksqlDB answers {@code Accept: application/json} with one JSON array, anything else with delimited acks. */
  private static boolean wantsJsonArray(HttpRequest request) {
    return request.getHeader("Accept").map(h -> h.value().contains("application/json")
        && !h.value().contains("vnd.ksqlapi.delimited")).orElse(false);
  }
}

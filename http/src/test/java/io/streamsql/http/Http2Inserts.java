package io.streamsql.http;

import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;

/**
 * One {@code POST /inserts-stream} over an HTTP/2 cleartext connection opened with prior
 * knowledge (pekko-http's client; the JDK client only reaches h2c through an Upgrade, which sends
 * a first request's whole body over HTTP/1.1). Lines are offered one at a time while the request
 * is open; acks are taken one at a time as they arrive.
 */
final class Http2Inserts implements AutoCloseable {
  private final SourceQueueWithComplete<ByteString> requestBody;
  private final java.util.concurrent.CompletableFuture<HttpResponse> response = new java.util.concurrent.CompletableFuture<>();
  private final java.util.concurrent.CompletableFuture<java.util.Optional<HttpRequest>> connectionOpen;
  private SinkQueueWithCancel<String> acks;

  Http2Inserts(ActorSystem<?> system, int port) {
    Pair<SourceQueueWithComplete<ByteString>, Source<ByteString, org.apache.pekko.NotUsed>> body =
        Source.<ByteString>queue(64, OverflowStrategy.backpressure()).preMaterialize(system);
    requestBody = body.first();
    HttpRequest request = HttpRequest.create("/inserts-stream").withMethod(HttpMethods.POST)
        .withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, body.second()));
    // The connection stays open (Source.maybe, and a sink that never cancels) until close().
    connectionOpen = Source.single(request).concatMat(Source.<HttpRequest>maybe(), org.apache.pekko.stream.javadsl.Keep.right())
        .via(Http.get(system).connectionTo("127.0.0.1").toPort(port).http2WithPriorKnowledge())
        .to(Sink.foreach(response::complete))
        .run(system);
  }

  /** Sends one line (a newline is added) and waits until the client accepted it. */
  void send(String line) throws Exception {
    requestBody.offer(ByteString.fromString(line + "\n")).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Ends the request body. */
  void complete() {
    requestBody.complete();
  }

  /** The response, once its headers arrived (acks are then read with {@link #nextAck}). */
  HttpResponse response(ActorSystem<?> system) throws Exception {
    HttpResponse r = response.get(30, TimeUnit.SECONDS);
    if (acks == null) {
      acks = r.entity().getDataBytes()
          .via(Framing.delimiter(ByteString.fromString("\n"), 1 << 20, FramingTruncation.ALLOW))
          .map(ByteString::utf8String)
          .runWith(Sink.queue(), system);
    }
    return r;
  }

  /** The next ack line, or null when the response ended. */
  String nextAck() throws Exception {
    return acks.pull().toCompletableFuture().get(30, TimeUnit.SECONDS).orElse(null);
  }

  @Override
  public void close() {
    requestBody.complete();
    if (acks != null) acks.cancel();
    connectionOpen.complete(java.util.Optional.empty());
  }
}
